package org.openrom.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.io.CohortInput;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rom score}: one JSON line per administration with every scale's score. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score every administration. Output: JSON Lines, one per administration: "
                + "patient_id, occasion, instrument, scales: {name: {value, prorated}} (value null, with missing_reason, "
                + "when the scale could not be scored).")
final class ScoreCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, description = "item-level CSV or JSON Lines")
    Path in;

    @Option(names = "--out", description = "output file, or - for stdout (default: stdout). A file is written "
            + "atomically and owner-only; on stdout a failure may leave partial output")
    Path out;

    @Option(names = "--sorted", description = "the input is sorted by patient: stream it (one patient in memory, no sort runs on disk, "
            + "about twice as fast on large files); a patient out of order is an error")
    boolean sorted;

    @Option(names = "--format", description = "tidy, scores or jsonl (default: detected)")
    String format;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out));
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        CohortInput input = CohortInput.open(in, format, reg, Direction.LOWER_IS_BETTER, spec.commandLine().getErr());
        if (sorted) {
            input.sortedByPatient();
        }
        if (input.format() == CohortInput.Format.SCORES) {
            throw new DataFormatException(in.toString(), 1, 0, "rom score needs item-level data (tidy CSV or JSON Lines), "
                    + "not already scored data", null);
        }
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
            Writer w = o.writer();
            Common.Progress progress = new Common.Progress(spec.commandLine().getErr());
            input.forEachPatient(p -> {
                progress.tick();
                for (Scores s : p.scores()) { // scored once, when the history was read
                    write(w, RomJson.write(s)); // the library's JSON format, the same as RomJson.write(scores)
                }
            });
            o.commit();
        }
        return 0;
    }

    static void write(Writer w, String line) {
        try {
            w.write(line);
            w.write('\n');
        } catch (IOException e) {
            throw new org.openrom.cli.io.OutputException("the output", e);
        }
    }

}
