package org.openrom.core.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackRule;

/**
 * The pages of an {@link OutcomeMonitor}, from its own state: a patient's NOT report, a group's members' reports and a
 * group's climate. Each patient's state is read under that patient's lock.
 */
final class MonitorReports {
    private MonitorReports() {
    }

    /** A patient's report at an occasion ({@link Integer#MAX_VALUE}: the latest). */
    static org.openrom.core.report.NotReport report(Map<String, PatientState> patients, List<TrackRule> rules,
            InstrumentRegistry instruments, org.openrom.core.needs.NeedsEngine needs, int alertsOpenFor, String patientId,
            int occasion) {
        PatientState ps = patients.get(Administration.normalizeId(patientId));
        if (ps == null) {
            throw new org.openrom.core.UnknownIdException("patient", patientId, List.of());
        }
        org.openrom.core.history.PatientHistory h;
        List<org.openrom.core.history.RuleTrack> tracks = new ArrayList<>(rules.size());
        List<org.openrom.core.safety.TrackedAlert> alerts;
        synchronized (ps) {
            h = ps.history;
            alerts = ps.alerts == null ? List.of() : List.copyOf(ps.alerts);
            for (int r = 0; r < rules.size(); r++) {
                tracks.add(new org.openrom.core.history.RuleTrack(rules.get(r), ps.tracks[r].asList()));
            }
        }
        int at = occasion == Integer.MAX_VALUE ? h.lastOccasion() : occasion;
        org.openrom.core.report.NotReportBuilder builder = new org.openrom.core.report.NotReportBuilder(instruments, rules,
                needs);
        if (alertsOpenFor != Integer.MAX_VALUE) {
            builder.alertsOpenFor(alertsOpenFor);
        }
        return builder.build(h, tracks, at, alerts);
    }

    /** A group's climate at a session, with every patient kept as the reference distribution. */
    static org.openrom.core.report.GroupClimate groupClimate(Map<String, PatientState> patients,
            InstrumentRegistry instruments, String groupId, int session,
            org.openrom.core.report.GroupClimate.Options options) {
        String g = Administration.normalizeId(groupId);
        List<org.openrom.core.history.PatientHistory> members = new ArrayList<>();
        List<org.openrom.core.history.PatientHistory> all = new ArrayList<>();
        java.util.TreeMap<String, PatientState> sorted = new java.util.TreeMap<>(patients);
        sorted.forEach((id, ps) -> {
            synchronized (ps) {
                all.add(ps.history);
                if (ps.history.groupId().filter(g::equals).isPresent()) {
                    members.add(ps.history);
                }
            }
        });
        return org.openrom.core.report.GroupClimate.assess(g, session, members, all, instruments, options);
    }

    /** The reports of a group's members at a session, through {@code report} (patient id, session). */
    static List<org.openrom.core.report.NotReport> group(Map<String, PatientState> patients, String groupId,
            int occasion, BiFunction<String, Integer, org.openrom.core.report.NotReport> report) {
        String g = Administration.normalizeId(groupId);
        java.util.TreeMap<String, Integer> members = new java.util.TreeMap<>();
        patients.forEach((id, ps) -> {
            synchronized (ps) {
                if (ps.history.groupId().filter(g::equals).isPresent()) {
                    members.put(id, ps.history.lastOccasion());
                }
            }
        });
        int at = occasion;
        if (at == Integer.MAX_VALUE) {
            at = members.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        List<org.openrom.core.report.NotReport> out = new ArrayList<>();
        for (String id : members.keySet()) {
            org.openrom.core.history.PatientHistory h;
            synchronized (patients.get(id)) {
                h = patients.get(id).history;
            }
            if (!h.upTo(at).isEmpty()) {
                out.add(report.apply(id, at));
            }
        }
        return out;
    }
}
