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

    /**
     * @param rules the monitor's rules
     * @param scales the number of scales they read
     * @param ruleWidths per rule, the number of its scales
     * @param historyOf the patient whose history is kept, or null when the monitor keeps none
     * @return the state of a patient who has seen nothing yet
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static PatientState start(java.util.List<org.openrom.core.track.TrackRule> rules, int scales, int[] ruleWidths,
            String historyOf) {
        TrackState[] states = new TrackState[rules.size()];
        for (int r = 0; r < states.length; r++) {
            states[r] = rules.get(r).start();
        }
        PatientState ps = new PatientState(scales, states, ruleWidths);
        if (historyOf != null) {
            ps.history = org.openrom.core.history.PatientHistory.of(historyOf);
            ps.tracks = new org.openrom.core.internal.AppendOnly[rules.size()];
            Arrays.fill(ps.tracks, org.openrom.core.internal.AppendOnly.empty());
        }
        return ps;
    }

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

    /**
     * Keeps the last {@code historyOccasions} occasions: once the history spans twice that, it is cut back to the
     * last {@code historyOccasions}, so the cost is amortised O(1) per record.
     */
    void trimHistory(int historyOccasions, int occasion) {
        if (historyFrom < 0 || occasion < historyFrom) {
            historyFrom = historyFrom < 0 ? occasion : Math.min(historyFrom, occasion);
        }
        int last = Math.max(occasion, historyLast);
        historyLast = last;
        if ((long) last - historyFrom + 1 > 2L * historyOccasions) {
            int keepFrom = last - historyOccasions + 1;
            history = history.since(keepFrom);
            for (int r = 0; r < tracks.length; r++) {
                java.util.List<org.openrom.core.track.TrackAssessment> kept = new java.util.ArrayList<>();
                for (org.openrom.core.track.TrackAssessment a : tracks[r].asList()) {
                    if (a.occasion() >= keepFrom) {
                        kept.add(a);
                    }
                }
                tracks[r] = org.openrom.core.internal.AppendOnly.of(kept);
            }
            historyFrom = keepFrom;
        }
    }

    /**
     * Advances rule {@code r} with the observed values, if it reads one of their scales: a single-scale rule at once, a
     * multi-scale rule once all of its scales have arrived at the occasion.
     *
     * @return the rule's assessment, or null when it was not advanced
     */
    org.openrom.core.track.TrackAssessment assess(int r, int[] ruleScales, int occasion, int[] scales, double[] values,
            int n) {
        if (ruleScales.length == 1) {
            for (int k = 0; k < n; k++) {
                if (scales[k] == ruleScales[0]) {
                    return states[r].next(occasion, values[k]);
                }
            }
            return null;
        }
        PendingOccasions p = pending[r];
        int entry = -1;
        for (int j = 0; j < ruleScales.length; j++) {
            for (int k = 0; k < n; k++) {
                if (scales[k] == ruleScales[j]) {
                    if (entry < 0) {
                        entry = p.entry(occasion);
                    }
                    p.put(entry, j, values[k]);
                }
            }
        }
        org.openrom.core.track.TrackAssessment a = null;
        if (entry >= 0 && p.complete(entry)) {
            a = states[r].next(occasion, p.take(entry));
        }
        if (entry >= 0) {
            p.prune(lastOccasion, ruleScales);
        }
        return a;
    }
}
