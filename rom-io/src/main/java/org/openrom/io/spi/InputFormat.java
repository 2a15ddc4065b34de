package org.openrom.io.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;

/**
 * An input format contributed by a plugin (e.g. NDJSON of FHIR QuestionnaireResponses), usable with every
 * command that reads item-level data. Discovered with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/org.openrom.io.spi.InputFormat}. Plugin formats are read whole and sorted by patient.
 */
public interface InputFormat {
    /** @return the name given to {@code --format} */
    String name();

    /**
     * @param file the input file
     * @param firstLine its first non-blank line (BOM removed), or empty
     * @return whether this format recognises the file when no {@code --format} is given
     */
    boolean detects(Path file, String firstLine);

    /**
     * Reads every administration of the file.
     *
     * @param file the input file
     * @param instruments the installed instruments
     * @param sink receives each administration
     * @throws IOException on read errors
     * @throws org.openrom.core.DataFormatException naming file, line and field for bad input
     */
    void read(Path file, InstrumentRegistry instruments, Consumer<Administration> sink) throws IOException;
}
