package org.openrom.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.json.RomJson;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Scores;
import org.openrom.io.CohortInput;

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
    private final CohortInput input;
    private final String inputName;
    /** The alerts written, by patient and alert id: the check of a stopped run adds only those not yet written. */
    private final java.util.Set<String> written = new java.util.HashSet<>();
    private boolean finished;

    private AlertsOutput(Path file, java.io.PrintWriter err, String command, CohortInput input, String inputName)
            throws IOException {
        this.file = file;
        this.err = err;
        this.command = command;
        this.input = input;
        this.inputName = inputName;
        this.out = file == null ? null : AtomicOutput.open(file);
    }

    /**
     * @param file the --alerts file, or null to count only
     * @param err standard error, for what a failed run must still say about alerts
     * @param command the command's name
     * @param input the run's input, checked record by record for critical answers when the run stops at an error
     * @param inputName the input as the user named it, for messages
     */
    static AlertsOutput open(Path file, java.io.PrintWriter err, String command, CohortInput input, String inputName)
            throws IOException {
        return new AlertsOutput(file, err, command, input, inputName);
    }

    /** Takes the alerts of a patient's administrations. */
    void patient(PatientHistory p) {
        checked++;
        boolean any = false;
        for (Scores s : p.scores()) {
            for (SafetyAlert a : s.alerts()) {
                any |= take(a);
            }
        }
        if (any) {
            patients++;
        }
    }

    /** @return true when the alert was new (not yet written) */
    private boolean take(SafetyAlert a) {
        if (!written.add(a.patientId().length() + ":" + a.patientId() + a.id())) {
            return false;
        }
        alerts++;
        if (out != null) {
            ScoreCommand.write(out.writer(), RomJson.write(a));
        }
        return true;
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
     * Closes. A run that stopped at an error still delivers its alerts (the other outputs are discarded, an alert
     * never is): every record of the input is checked for critical answers on its own
     * ({@link CohortInput#checkCriticalAnswers}), since a refused row stops a read before any patient of an unsorted
     * file is delivered and every record after an error goes unread. The warning says what that check covered, so
     * that "no alert" never reads as "nothing to see".
     */
    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                String covered = checkStoppedRun();
                if (out != null && alerts > 0) {
                    out.commit();
                }
                err.println("rom " + command + ": warning: the run stopped at an error; " + covered
                        + (alerts == 0 ? "" : String.format(java.util.Locale.ROOT, "; %,d safety alert%s (critical items) "
                                + "%s", alerts, alerts == 1 ? "" : "s", file == null ? "found: write them with --alerts "
                                + "FILE" : "are in " + file)));
                err.flush();
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    /** Checks the input record by record; @return what the check covered, as the warning says it */
    private String checkStoppedRun() {
        String before = "the records after it were not checked for critical answers (" + (checked == 0
                ? "no patient was checked" : String.format(java.util.Locale.ROOT, "%,d patient%s checked before it",
                        checked, checked == 1 ? " was" : "s were")) + ")";
        if (input == null) {
            return before;
        }
        org.openrom.io.CriticalCheck c;
        try {
            c = input.checkCriticalAnswers(this::take);
        } catch (IOException | RuntimeException e) {
            return before + "; checking " + inputName + " record by record failed as well ("
                    + org.openrom.core.SafeText.show(String.valueOf(e.getMessage())) + ")";
        }
        if (c.records() == 0 && c.stoppedAtLine().isPresent()) {
            return before + " (its format cannot be checked record by record)";
        }
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "every record of %s was still "
                + "checked for critical answers on its own (%,d record%s)", inputName, c.records(),
                c.records() == 1 ? "" : "s"));
        if (c.unreadable() > 0) {
            b.append(String.format(java.util.Locale.ROOT, ", except %,d that could not be read (the first at %s:%d): a "
                    + "critical answer may hide there", c.unreadable(), inputName, c.firstUnreadableLine().getAsLong()));
        }
        c.stoppedAtLine().ifPresent(l -> b.append("; the check could not read on after ").append(inputName).append(':')
                .append(l).append(", so the records after it were not checked"));
        if (!c.absentItemsChecked()) {
            b.append("; critical items left out of a record (unanswered) are checked only when the file is read in full");
        }
        return b.toString();
    }
}
