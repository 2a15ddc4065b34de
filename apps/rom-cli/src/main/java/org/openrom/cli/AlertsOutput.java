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
    private long checked;

    private final java.io.PrintWriter err;
    private final String command;
    private boolean finished;

    private AlertsOutput(Path file, java.io.PrintWriter err, String command) throws IOException {
        this.file = file;
        this.err = err;
        this.command = command;
        this.out = file == null ? null : AtomicOutput.open(file);
    }

    /**
     * @param file the --alerts file, or null to count only
     * @param err standard error, for what a failed run must still say about alerts
     * @param command the command's name
     */
    static AlertsOutput open(Path file, java.io.PrintWriter err, String command) throws IOException {
        return new AlertsOutput(file, err, command);
    }

    /** Takes the alerts of a patient's administrations. */
    void patient(PatientHistory p) {
        checked++;
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
        finished = true;
        if (out != null) {
            out.commit();
        }
        if (alerts > 0) {
            run.warn(String.format(java.util.Locale.ROOT, "%,d safety alert%s (critical items) for %,d patient%s%s",
                    alerts, alerts == 1 ? "" : "s", patients, patients == 1 ? "" : "s",
                    file == null ? ": write them with --alerts FILE" : " in " + file));
        }
    }

    /**
     * Closes. A run that stopped at an error still delivers the alerts it raised (the other outputs are discarded,
     * an alert never is) and says how many patients were checked for critical answers before it, so that "no alert"
     * never reads as "nothing to see" (a row refused while a file is read stops the run before any patient is
     * delivered).
     */
    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                if (out != null && alerts > 0) {
                    out.commit();
                }
                err.println("rom " + command + ": warning: the run stopped at an error, so the records after it were not "
                        + "checked for critical answers (" + (checked == 0 ? "no patient was checked"
                        : String.format(java.util.Locale.ROOT, "%,d patient%s checked before it", checked,
                                checked == 1 ? " was" : "s were")) + ")" + (alerts == 0 ? "" : String.format(java.util.Locale.ROOT,
                                "; %,d safety alert%s raised before it %s", alerts, alerts == 1 ? "" : "s",
                                file == null ? "(write them with --alerts FILE)" : "are in " + file)));
                err.flush();
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }
}
