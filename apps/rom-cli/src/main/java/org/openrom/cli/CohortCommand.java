package org.openrom.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.io.CohortInput;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that reads a cohort file shares: the input, how it is read, and the output file. The options
 * are declared once here, so that their names and help are the same in every command.
 */
abstract class CohortCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, description = "the cohort: item-level CSV, score-level CSV or JSON Lines "
            + "(or a plugin's format, such as FHIR)")
    Path in;

    @Option(names = "--input-format", description = "tidy, scores, jsonl or a plugin's format (default: detected)")
    String inputFormat;

    @Option(names = "--sorted", description = "the input is sorted by patient: stream it (one patient in memory, no sort "
            + "runs on disk); a patient out of order is an error. A CSV file that comes sorted is found so without it")
    boolean sorted;

    @Option(names = "--out", description = "output file, or - for stdout (default: stdout). A file is written "
            + "atomically and owner-only; on stdout a failure may leave partial output")
    Path out;

    /**
     * Opens {@code --in} as {@code --input-format} says (or as detected), streamed when {@code --sorted}.
     *
     * @param instruments the installed instruments
     * @param direction the direction of scales no instrument provides
     * @return the input
     * @throws IOException when the file cannot be read
     */
    final CohortInput openInput(InstrumentRegistry instruments, Direction direction) throws IOException {
        CohortInput input = CohortInput.open(in, inputFormat, instruments, direction, spec.commandLine().getErr());
        return sorted ? input.sortedByPatient() : input;
    }
}
