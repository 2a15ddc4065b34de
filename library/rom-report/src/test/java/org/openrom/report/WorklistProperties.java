package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.report.NotReport;
import org.openrom.core.safety.Acknowledgement;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.safety.TrackedAlert;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.worklist.Attention;
import org.openrom.core.worklist.WorklistQuery;
import org.openrom.core.worklist.WorklistRow;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.SyntheticCohort;
import org.quicktheories.generators.Generate;

/**
 * For any cohort cut at any session, with PHQ-9 forms and missing questionnaires mixed in and any of the alerts
 * acknowledged, the worklist holds exactly the patients that the library's reports and histories say need attention,
 * each for the reasons they say, in the documented order. The oracle reads the kept histories and the patients' NOT
 * reports, not the counters the worklist reads.
 */
class WorklistProperties {
    private static OutcomeMonitor monitor() {
        return OutcomeMonitor.builder().instruments(Example.INSTRUMENTS).ruleRegistry(Example.RULES).needs(Example.NEEDS)
                .keepHistory(1000).rule("deterioration-or-no-change").rule("reliable-change:sd-pre=4.2").build();
    }

    /** The cohort's administrations up to a session, some ODSIS forms left out, some PHQ-9 forms added. */
    private static List<Administration> timeline(long seed, int upTo) {
        Random rnd = new Random(seed);
        List<Administration> out = new ArrayList<>();
        for (Administration a : SyntheticCohort.generate(CohortModel.study(2, seed)).administrations()) {
            if (a.occasion() > upTo) {
                continue;
            }
            boolean dropOdsis = a.instrumentId().equals("odsis") && a.occasion() > 0 && rnd.nextInt(8) == 0;
            if (!dropOdsis) {
                out.add(a);
            }
            if (a.instrumentId().equals("odsis") && rnd.nextInt(5) == 0) {
                int[] q = new int[9];
                q[8] = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 0;
                out.add(Administration.builder(a.patientId(), "phq9", a.occasion()).groupId(a.groupId().orElseThrow())
                        .answers("q", q).build());
            }
        }
        out.sort(Comparator.comparingInt(Administration::occasion));
        return out;
    }

    @Test
    void theWorklistHoldsExactlyThePatientsWhoNeedAttentionInTheDocumentedOrder() {
        qt().withExamples(15).forAll(Generate.range(1, 1_000_000), Generate.range(1, 14), Generate.range(0, 100))
                .checkAssert((seed, upTo, ackPercent) -> {
                    OutcomeMonitor m = monitor();
                    List<Administration> timeline = timeline(seed, upTo);
                    timeline.forEach(m::record);
                    Random rnd = new Random(seed + 1);
                    Map<String, Integer> groupLast = new HashMap<>();
                    List<String> patients = timeline.stream().map(Administration::patientId).distinct().sorted().toList();
                    for (String p : patients) {
                        for (TrackedAlert t : m.alerts(p)) {
                            if (rnd.nextInt(100) < ackPercent) {
                                m.acknowledge(p, new Acknowledgement(t.alert().id(), "c-1", Instant.EPOCH, Optional.empty()));
                            }
                        }
                        PatientHistory h = m.history(p).orElseThrow();
                        groupLast.merge(h.groupId().orElseThrow(), h.lastOccasion(), Math::max);
                    }
                    List<Expected> expected = new ArrayList<>();
                    for (String p : patients) {
                        expected(m, p, groupLast).ifPresent(expected::add);
                    }
                    expected.sort(Comparator.comparing((Expected e) -> e.why().get(0)).thenComparingInt(Expected::severity)
                            .thenComparingInt(Expected::since).thenComparing(Expected::patient));
                    List<WorklistRow> rows = m.worklist(WorklistQuery.all()).rows();
                    assertThat(rows).extracting(r -> new Expected(r.patientId(), r.attention(), r.since(),
                            r.first() == Attention.SAFETY_ALERT ? r.alerts().stream().mapToInt(a -> a.severity().ordinal())
                                    .min().orElseThrow() : 0)).as("seed %d, up to %d", seed, upTo)
                            .containsExactlyElementsOf(expected);
                });
    }

    record Expected(String patient, List<Attention> why, int since, int severity) {
    }

    /** What the patient's report and history say: the reasons for attention, in rank order, and since when. */
    private static Optional<Expected> expected(OutcomeMonitor m, String p, Map<String, Integer> groupLast) {
        PatientHistory h = m.history(p).orElseThrow();
        NotReport r = m.report(p);
        List<Attention> why = new ArrayList<>();
        List<Integer> since = new ArrayList<>();
        if (!r.alerts().isEmpty()) {
            why.add(Attention.SAFETY_ALERT);
            since.add(r.alerts().stream().mapToInt(SafetyAlert::occasion).min().orElseThrow());
        }
        if (r.status() == TrackStatus.NOT_ON_TRACK) {
            why.add(r.consecutiveNot() >= 2 ? Attention.PERSISTENTLY_NOT : Attention.NEWLY_NOT);
            since.add(r.notSince());
        }
        int last = h.lastOccasion();
        if (groupLast.get(h.groupId().orElseThrow()) - last >= WorklistQuery.DEFAULT_ABSENT_AFTER) {
            why.add(Attention.ABSENT);
            since.add(last + 1);
        }
        boolean odsisBefore = h.administrations().stream().anyMatch(a -> a.instrumentId().equals("odsis"));
        boolean odsisNow = h.administrations().stream().anyMatch(a -> a.instrumentId().equals("odsis") && a.occasion() == last);
        if (odsisBefore && !odsisNow) {
            why.add(Attention.MEASURES_OVERDUE);
            since.add(last);
        }
        if (why.isEmpty()) {
            return Optional.empty();
        }
        int severity = why.get(0) == Attention.SAFETY_ALERT
                ? r.alerts().stream().mapToInt(a -> a.severity().ordinal()).min().orElseThrow() : 0;
        return Optional.of(new Expected(p, why, since.get(0), severity));
    }
}
