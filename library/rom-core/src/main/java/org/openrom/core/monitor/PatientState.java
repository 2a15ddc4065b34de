package org.openrom.core.monitor;

import java.util.Arrays;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;

/** One patient's state in a monitor. Confined by synchronizing on the instance. */
final class PatientState {
    /** Last recorded occasion per monitored scale, -1 before the first. */
    final int[] lastOccasion;
    /** Per rule: its streaming state. */
    final TrackState[] states;
    /** Per rule: the status of its last assessment, null before the first. */
    final TrackStatus[] status;
    /** Per rule: the number of assessments made. */
    final int[] assessed;
    /** Per rule: the occasion of the last assessment, -1 before the first. */
    final int[] lastAssessed;
    /** Per multi-scale rule: occasions waiting for a scale; null for single-scale rules. */
    final PendingOccasions[] pending;
    /** The scored history, when the monitor keeps histories; else null. */
    org.openrom.core.history.PatientHistory history;
    /** Per rule: its assessments within the kept history, when the monitor keeps histories; else null. */
    org.openrom.core.internal.AppendOnly<org.openrom.core.track.TrackAssessment>[] tracks;
    /** The oldest and newest occasion the kept history may hold (-1 before the first). */
    int historyFrom = -1;
    int historyLast = -1;

    PatientState(int scales, TrackState[] states, int[] ruleWidths) {
        lastOccasion = new int[scales];
        Arrays.fill(lastOccasion, -1);
        this.states = states;
        status = new TrackStatus[states.length];
        assessed = new int[states.length];
        lastAssessed = new int[states.length];
        Arrays.fill(lastAssessed, -1);
        pending = new PendingOccasions[states.length];
        for (int r = 0; r < states.length; r++) {
            if (ruleWidths[r] > 1) {
                pending[r] = new PendingOccasions(ruleWidths[r]);
            }
        }
    }
}
