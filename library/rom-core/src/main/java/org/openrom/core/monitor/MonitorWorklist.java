package org.openrom.core.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.safety.TrackedAlert;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.worklist.Attention;
import org.openrom.core.worklist.Worklist;
import org.openrom.core.worklist.WorklistQuery;
import org.openrom.core.worklist.WorklistRow;

/** Builds an {@link OutcomeMonitor}'s worklist from its patients' states: one pass to copy, one to judge, a sort. */
final class MonitorWorklist {
    private MonitorWorklist() {
    }

    /** What the worklist needs of one patient, copied under the patient's lock. */
    private record View(String id, String group, int lastSeen, TrackStatus[] status, int[] notRun, int[] notSince,
            int[] lastOccasion, List<TrackedAlert> alerts) {
    }

    static Worklist build(Map<String, PatientState> patients, List<TrackRule> rules, int[][] ruleScales, int openFor,
            WorklistQuery q) {
        List<View> views = new ArrayList<>(patients.size());
        Map<String, Integer> groupSession = new HashMap<>();
        patients.forEach((id, ps) -> {
            View v;
            synchronized (ps) {
                v = new View(id, ps.groupId, ps.lastSeen, ps.status.clone(), ps.notRun.clone(), ps.notSince.clone(),
                        ps.lastOccasion.clone(), ps.alerts == null ? List.of() : List.copyOf(ps.alerts));
            }
            views.add(v);
            if (v.group() != null) {
                groupSession.merge(v.group(), v.lastSeen(), Math::max);
            }
        });
        List<WorklistRow> rows = new ArrayList<>();
        int considered = 0;
        for (View v : views) {
            if (!q.matches(v.id(), v.group())) {
                continue;
            }
            considered++;
            WorklistRow row = row(v, rules, ruleScales, openFor, q,
                    v.group() == null ? -1 : groupSession.get(v.group()));
            if (row != null) {
                rows.add(row);
            }
        }
        rows.sort(Worklist.ORDER);
        return new Worklist(rows, considered);
    }

    /** @return the patient's row, or null when the patient needs no attention */
    private static WorklistRow row(View v, List<TrackRule> rules, int[][] ruleScales, int openFor, WorklistQuery q,
            int groupSession) {
        List<SafetyAlert> open = new ArrayList<>();
        List<TrackedAlert> acknowledged = new ArrayList<>();
        for (TrackedAlert t : v.alerts()) {
            if (!t.isOpen()) {
                acknowledged.add(t);
            } else if (NotReportBuilder.openAt(t.alert(), Math.max(v.lastSeen(), t.alert().occasion()), openFor)) {
                open.add(t.alert());
            }
        }
        open.sort(java.util.Comparator.comparingInt(SafetyAlert::occasion));
        int notRule = -1;
        for (int r = 0; r < rules.size() && notRule < 0; r++) {
            if (v.status()[r] == TrackStatus.NOT_ON_TRACK) {
                notRule = r;
            }
        }
        boolean absent = groupSession >= 0 && v.lastSeen() >= 0 && groupSession - v.lastSeen() >= q.absentAfter();
        String overdueScale = overdue(v, rules, ruleScales);
        List<Attention> why = new ArrayList<>(3);
        if (!open.isEmpty()) {
            why.add(Attention.SAFETY_ALERT);
        }
        if (notRule >= 0) {
            why.add(v.notRun()[notRule] >= 2 ? Attention.PERSISTENTLY_NOT : Attention.NEWLY_NOT);
        }
        if (absent) {
            why.add(Attention.ABSENT);
        }
        if (overdueScale != null) {
            why.add(Attention.MEASURES_OVERDUE);
        }
        if (why.isEmpty()) {
            return null;
        }
        int notSince = notRule < 0 ? -1 : v.notSince()[notRule];
        int run = notRule < 0 ? 0 : v.notRun()[notRule];
        String ruleId = notRule < 0 ? "" : rules.get(notRule).ref().id();
        int since;
        String reason;
        switch (why.get(0)) {
            case SAFETY_ALERT -> {
                SafetyAlert a = open.get(0);
                since = a.occasion();
                reason = "Safety alert: " + a.instrumentId() + " item " + a.itemId() + " at session " + a.occasion()
                        + (open.size() > 1 ? " (and " + (open.size() - 1) + " more)" : "");
            }
            case NEWLY_NOT -> {
                since = notSince;
                reason = "Not on track at session " + notSince + " by " + ruleId;
            }
            case PERSISTENTLY_NOT -> {
                since = notSince;
                reason = "Not on track " + run + " sessions in a row since session " + notSince + " by " + ruleId;
            }
            case ABSENT -> {
                since = v.lastSeen() + 1;
                reason = "Absent since session " + since + " (" + (groupSession - v.lastSeen()) + " of the group's sessions "
                        + "missed)";
            }
            default -> {
                since = v.lastSeen();
                reason = "Did not answer " + overdueScale + " at session " + v.lastSeen();
            }
        }
        return new WorklistRow(v.id(), Optional.ofNullable(v.group()), why, reason,
                notRule < 0 ? Optional.empty() : Optional.of(rules.get(notRule).ref()), since, run, v.lastSeen(),
                groupSession, open, acknowledged, q.assignments().getOrDefault(v.id(),
                        org.openrom.core.worklist.Assignment.none()));
    }

    /** @return a scale a rule reads that the patient answered before but not at their latest session, or null */
    private static String overdue(View v, List<TrackRule> rules, int[][] ruleScales) {
        for (int r = 0; r < rules.size(); r++) {
            for (int k = 0; k < ruleScales[r].length; k++) {
                int last = v.lastOccasion()[ruleScales[r][k]];
                if (last >= 0 && last < v.lastSeen()) {
                    return rules.get(r).scales().get(k);
                }
            }
        }
        return null;
    }
}
