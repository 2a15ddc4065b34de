package org.openrom.core.worklist;

/**
 * Why a patient is on the worklist, in the order the worklist ranks them: an unacknowledged safety alert first, then a
 * patient who has just become Not On Track, one who has been Not On Track for two or more assessments in a row, one
 * absent for two or more planned sessions, and one whose monitored questionnaire is missing at the latest session.
 */
public enum Attention {
    /** A safety alert no clinician has acknowledged. */
    SAFETY_ALERT,
    /** Not On Track at the latest assessment, for the first time in a row. */
    NEWLY_NOT,
    /** Not On Track at two or more assessments in a row. */
    PERSISTENTLY_NOT,
    /** Missed the group's last {@code absentAfter} or more sessions (default 2). */
    ABSENT,
    /** Came to the latest session but did not answer a questionnaire a rule reads, which they answered before. */
    MEASURES_OVERDUE;

    /** @return the lower-case code, as in JSON and on pages ({@code safety-alert}) */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
