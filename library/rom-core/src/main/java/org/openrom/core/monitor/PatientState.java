package org.openrom.core.monitor;

import java.util.Arrays;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;

/** One patient's state in a monitor. Confined by synchronizing on the instance. */
final class PatientState {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutcomeMonitor.class);

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
    /** Per rule: assessments in a row Not On Track up to the last (0 when the last was not NOT). */
    final int[] notRun;
    /** Per rule: the occasion the current Not On Track run began (-1 when none). */
    final int[] notSince;
    /** The latest occasion recorded for the patient, whatever the instrument (-1 before the first). */
    int lastSeen = -1;
    /** The patient's therapy group, from the latest administration that names one; null when none has. */
    String groupId;
    /** The patient's safety alerts, open and acknowledged, in the order raised; null before the first. */
    java.util.ArrayList<org.openrom.core.safety.TrackedAlert> alerts;
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
        notRun = new int[states.length];
        notSince = new int[states.length];
        Arrays.fill(notSince, -1);
        pending = new PendingOccasions[states.length];
        for (int r = 0; r < states.length; r++) {
            if (ruleWidths[r] > 1) {
                pending[r] = new PendingOccasions(ruleWidths[r]);
            }
        }
    }

    /** @throws org.openrom.core.ValidationException when the occasion is not after the last of an observed scale */
    void checkOrder(String instrumentId, String patientId, int occasion, int[] observedScale, int n,
            java.util.List<String> scaleIds) {
        for (int k = 0; k < n; k++) {
            int last = lastOccasion[observedScale[k]];
            if (occasion <= last) {
                throw new org.openrom.core.ValidationException("administration of " + instrumentId + " (patient "
                        + patientId + ")", "occasion", String.valueOf(occasion), "an occasion after " + last
                        + ", the last recorded for " + scaleIds.get(observedScale[k])
                        + (occasion == last ? " (duplicate occasion)" : " (out of order)"));
            }
        }
    }

    /** Notes that the patient was seen at the occasion, in the group the administration names (if any). */
    void seen(int occasion, java.util.Optional<String> group) {
        lastSeen = Math.max(lastSeen, occasion);
        group.ifPresent(g -> groupId = g);
    }

    /** How many acknowledged alerts a patient keeps (the newest); open alerts are all kept. */
    static final int ACKNOWLEDGED_KEPT = 20;

    /** Keeps each alert that is not yet kept (by its id): an administration sent again raises nothing new. */
    void keepAlerts(java.util.List<org.openrom.core.safety.SafetyAlert> raised) {
        for (org.openrom.core.safety.SafetyAlert a : raised) {
            if (alerts == null) {
                alerts = new java.util.ArrayList<>(2);
            }
            if (alerts.stream().noneMatch(t -> t.alert().id().equals(a.id()))) {
                alerts.add(org.openrom.core.safety.TrackedAlert.open(a));
            }
        }
    }

    /**
     * Records an acknowledgement; the first one of an alert stands (a retry returns it).
     *
     * @return the acknowledgement that stands, or null when the patient has no such alert
     */
    org.openrom.core.safety.Acknowledgement acknowledge(org.openrom.core.safety.Acknowledgement ack) {
        if (alerts == null) {
            return null;
        }
        for (int i = 0; i < alerts.size(); i++) {
            org.openrom.core.safety.TrackedAlert t = alerts.get(i);
            if (t.alert().id().equals(ack.alertId())) {
                if (!t.isOpen()) {
                    return t.acknowledgement().get();
                }
                alerts.set(i, new org.openrom.core.safety.TrackedAlert(t.alert(), java.util.Optional.of(ack)));
                long acknowledged = alerts.stream().filter(x -> !x.isOpen()).count();
                for (int k = 0; k < alerts.size() && acknowledged > ACKNOWLEDGED_KEPT; k++) {
                    if (!alerts.get(k).isOpen()) {
                        alerts.remove(k--);
                        acknowledged--;
                    }
                }
                return ack;
            }
        }
        return null;
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

    /**
     * Advances every rule that reads one of the observed scales. A single-scale rule is assessed at once; a
     * multi-scale rule collects values per occasion and is assessed at each occasion once all of its scales
     * have arrived there, in any interleaving that the per-scale order allows. Occasions complete in increasing
     * order (a scale recorded at a later occasion can no longer arrive for an earlier one), so the rule sees
     * exactly the occasions that batch evaluation over the same data assesses.
     */
    MonitorUpdate advance(java.util.List<org.openrom.core.track.TrackRule> rules, int[][] ruleScales, String patientId,
            org.openrom.core.score.Scores scores, int occasion, int[] scales, double[] values, int n) {
        java.util.List<org.openrom.core.track.TrackAssessment> assessments = new java.util.ArrayList<>(rules.size());
        java.util.List<StatusTransition> transitions = null;
        for (int r = 0; r < rules.size(); r++) {
            org.openrom.core.track.TrackAssessment a = assess(r, ruleScales[r], occasion, scales, values, n);
            if (a == null) {
                continue;
            }
            assessments.add(a);
            if (tracks != null) {
                tracks[r] = tracks[r].append(a);
            }
            assessed[r]++;
            lastAssessed[r] = occasion;
            TrackStatus previous = status[r];
            if (previous != a.status()) {
                if (transitions == null) {
                    transitions = new java.util.ArrayList<>(2);
                }
                transitions.add(new StatusTransition(patientId, a.rule(), occasion, java.util.Optional.ofNullable(previous),
                        a.status()));
                if (a.status() == TrackStatus.NOT_ON_TRACK && LOG.isDebugEnabled()) {
                    LOG.debug("A patient became NOT_ON_TRACK by rule {} at occasion {}", a.rule().id(), occasion);
                }
            }
            status[r] = a.status();
            if (a.status() == TrackStatus.NOT_ON_TRACK) {
                notSince[r] = notRun[r] == 0 ? occasion : notSince[r];
                notRun[r]++;
            } else {
                notRun[r] = 0;
                notSince[r] = -1;
            }
        }
        return new MonitorUpdate(scores, assessments, transitions == null ? java.util.List.of() : transitions);
    }

}
