package org.openrom.io.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;

/**
 * An input format contributed by a plugin (e.g. NDJSON of FHIR QuestionnaireResponses), usable with every
 * command that reads item-level data, and, for a format that can also hold scores (FHIR score Observations), with
 * the commands that read scores. Discovered with {@link java.util.ServiceLoader} from
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
     * This format configured with options given on the command line, such as {@code form-map} (a path) for the FHIR
     * format. The default takes none.
     *
     * @param options option name → value, e.g. {@code form-map → /etc/clinic/forms.json}
     * @return the format, configured (a new instance; formats are immutable)
     * @throws org.openrom.core.ValidationException naming an option the format does not take, or a bad value
     */
    default InputFormat configured(java.util.Map<String, String> options) {
        java.util.Objects.requireNonNull(options, "options");
        if (!options.isEmpty()) {
            String option = options.keySet().iterator().next();
            throw new org.openrom.core.ValidationException("input format " + name(), "--" + option, options.get(option),
                    "no option: the " + name() + " format takes none");
        }
        return this;
    }

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

    /**
     * One score of a file that holds scores rather than answers.
     *
     * @param patientId the patient
     * @param scale the qualified id of an installed scale ({@code odsis.total})
     * @param occasion the occasion, &ge; 0
     * @param value the score, within the scale's range
     * @param line the line of the file it was read from (1 for a single document)
     */
    record ScoreRow(String patientId, String scale, int occasion, double value, long line) {
        /** Checks that the fields are present. */
        public ScoreRow {
            java.util.Objects.requireNonNull(patientId, "patientId");
            java.util.Objects.requireNonNull(scale, "scale");
        }
    }

    /**
     * Reads every administration and every score of the file. The default reads administrations only; a format whose
     * files can hold scores overrides it. The reader checks each score again (an installed scale, the range, one per
     * patient, scale and occasion).
     *
     * @param file the input file
     * @param instruments the installed instruments
     * @param administrations receives each administration
     * @param scores receives each score
     * @throws IOException on read errors
     * @throws org.openrom.core.DataFormatException naming file, line and field for bad input
     */
    default void read(Path file, InstrumentRegistry instruments, Consumer<Administration> administrations,
            Consumer<ScoreRow> scores) throws IOException {
        read(file, instruments, administrations);
    }

    /**
     * Checks every record of the file for critical answers on its own, for when a read stopped at an error
     * ({@link org.openrom.io.CohortInput#checkCriticalAnswers}): a record that cannot be read is counted and the check
     * goes on, so that one broken record never hides an alert in the others. The default does not check (a format
     * that cannot tell its records apart): {@code records} 0 and {@code stoppedAtLine} 1, which the caller reports.
     *
     * @param file the input file
     * @param instruments the installed instruments
     * @param sink receives each alert (it holds a patient's answer: never log it)
     * @return what the check covered
     * @throws IOException when the file cannot be read at all
     */
    default org.openrom.io.CriticalCheck checkCriticalAnswers(Path file, InstrumentRegistry instruments,
            Consumer<org.openrom.core.safety.SafetyAlert> sink) throws IOException {
        return new org.openrom.io.CriticalCheck(0, 0, java.util.OptionalLong.empty(), java.util.OptionalLong.of(1), false);
    }
}
