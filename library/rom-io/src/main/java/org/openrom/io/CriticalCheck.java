package org.openrom.io;

import java.util.OptionalLong;

/**
 * What a record-by-record check of a cohort file's critical answers covered ({@link CohortInput#checkCriticalAnswers}):
 * the check a refused or interrupted read falls back on, so that "no alert" is never read as "nothing to see".
 *
 * @param records the data records looked at (CSV rows, JSON Lines lines)
 * @param unreadable how many of them could not be checked (their patient, instrument, item or answer does not read): a
 *     critical answer may hide in them
 * @param firstUnreadableLine the line of the first record that could not be checked, if any
 * @param stoppedAtLine the line at which the check could not read on (a malformed CSV quote, bytes that are not UTF-8),
 *     if it did not reach the end of the file: the records after it were not checked
 * @param absentItemsChecked whether a critical item with no record at all was checked for an "unanswered" alert: true
 *     for JSON Lines (a line is a whole administration), false for CSV (an item with no row is only known when the
 *     whole administration is read, which a refused file is not)
 */
public record CriticalCheck(long records, long unreadable, OptionalLong firstUnreadableLine, OptionalLong stoppedAtLine,
        boolean absentItemsChecked) {
    /** Validates. */
    public CriticalCheck {
        if (records < 0 || unreadable < 0 || unreadable > records) {
            throw new IllegalArgumentException("unreadable: got " + unreadable + " of " + records
                    + " records, expected 0.." + records);
        }
        java.util.Objects.requireNonNull(firstUnreadableLine, "firstUnreadableLine");
        java.util.Objects.requireNonNull(stoppedAtLine, "stoppedAtLine");
    }

    /** @return true when every record of the file was read and checked */
    public boolean complete() {
        return unreadable == 0 && stoppedAtLine.isEmpty();
    }
}
