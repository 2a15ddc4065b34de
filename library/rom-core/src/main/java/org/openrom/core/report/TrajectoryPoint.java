package org.openrom.core.report;

import java.util.Objects;

/**
 * One observation on a trajectory.
 *
 * @param occasion the occasion
 * @param score the score
 * @param display the display value (up is better)
 * @param status the rule's status at this occasion ({@code ON_TRACK}, {@code NOT_ON_TRACK},
 *     {@code INSUFFICIENT_DATA}), or empty when no rule assessed it
 * @param hasExpected whether the rule gives an expected band here
 * @param expectedLow lower edge of the expected band, in score units (0 when absent)
 * @param expectedHigh upper edge of the expected band, in score units (0 when absent)
 */
public record TrajectoryPoint(int occasion, double score, double display, String status, boolean hasExpected,
        double expectedLow, double expectedHigh) {
    /** Validates. */
    public TrajectoryPoint {
        Objects.requireNonNull(status, "status");
    }
}
