package org.openrom.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.json.RomJson;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Scores;

/**
 * The safety alerts of a run ({@code --alerts FILE}): JSON Lines of {@link SafetyAlert} in the library's format,
 * written atomically with the run's other outputs, and a line on stderr that {@code --quiet} does not suppress.
 */
final class AlertsOutput implements AutoCloseable {
    private final Path file;
    private final AtomicOutput out;
    private long alerts;
    private long patients;

    private AlertsOutput(Path file) throws IOException {
        this.file = file;
        this.out = file == null ? null : AtomicOutput.open(file);
    }

    /** @param file the --alerts file, or null to count only */
    static AlertsOutput open(Path file) throws IOException {
        return new AlertsOutput(file);
    }

    /** Takes the alerts of a patient's administrations. */
    void patient(PatientHistory p) {
        boolean any = false;
        for (Scores s : p.scores()) {
            for (SafetyAlert a : s.alerts()) {
                alerts++;
                any = true;
                if (out != null) {
                    ScoreCommand.write(out.writer(), RomJson.write(a));
                }
            }
        }
        if (any) {
            patients++;
        }
    }

    /** Commits the file and says how many alerts there were, whatever {@code --quiet} says. */
    void finish(Run run) throws IOException {
        if (out != null) {
            out.commit();
        }
        if (alerts > 0) {
            run.warn(String.format(java.util.Locale.ROOT, "%,d safety alert%s (critical items) for %,d patient%s%s",
                    alerts, alerts == 1 ? "" : "s", patients, patients == 1 ? "" : "s",
                    file == null ? ": write them with --alerts FILE" : " in " + file));
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
