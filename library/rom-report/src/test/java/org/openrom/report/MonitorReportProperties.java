package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.score.Administration;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.SyntheticCohort;
import org.quicktheories.generators.Generate;

/** The monitor's reports, built from its own state, equal reports built in batch from the same administrations. */
class MonitorReportProperties {
    private static final List<String> SPECS = List.of("deterioration-or-no-change",
            "persistent:k=2,rule=(deterioration-or-no-change)", "reliable-change:sd-pre=4.2");

    private static OutcomeMonitor monitor(int keep) {
        OutcomeMonitor.Builder b = OutcomeMonitor.builder().instruments(Example.INSTRUMENTS).ruleRegistry(Example.RULES)
                .needs(Example.NEEDS).keepHistory(keep);
        SPECS.forEach(b::rule);
        return b.build();
    }

    /** Arrival order: by occasion, instruments of one session shuffled, patients interleaved. */
    private static List<Administration> arrivals(List<Administration> all, long seed) {
        List<Administration> out = new ArrayList<>(all);
        Random rnd = new Random(seed);
        java.util.Collections.shuffle(out, rnd);
        out.sort(Comparator.comparingInt(Administration::occasion));
        return out;
    }

    @Test
    void theReportFromTheMonitorEqualsTheBatchReport() {
        qt().withExamples(12).forAll(Generate.range(1, 1_000_000), Generate.range(0, 100)).checkAssert((seed, cut) -> {
            SyntheticCohort cohort = SyntheticCohort.generate(CohortModel.study(1, seed));
            List<Administration> timeline = arrivals(cohort.administrations(), seed);
            OutcomeMonitor m = monitor(1000);
            int k = timeline.size() * cut / 100;
            for (int i = 0; i < timeline.size(); i++) {
                if (i == k) { // a snapshot and restore in between keeps the history too
                    OutcomeMonitor restored = monitor(1000);
                    restored.restore(m.snapshot());
                    assertThat(restored.snapshot()).isEqualTo(m.snapshot());
                    m = restored;
                }
                m.record(timeline.get(i));
            }
            Map<String, List<Administration>> byPatient = new TreeMap<>();
            for (Administration a : cohort.administrations()) {
                byPatient.computeIfAbsent(a.patientId(), x -> new ArrayList<>()).add(a);
            }
            NotReportBuilder batch = new NotReportBuilder(Example.INSTRUMENTS, m.rules(), Example.NEEDS);
            for (Map.Entry<String, List<Administration>> e : byPatient.entrySet()) {
                int last = e.getValue().stream().mapToInt(Administration::occasion).max().orElseThrow();
                NotReport fromMonitor = m.report(e.getKey());
                NotReport fromBatch = new NotReportBuilder(Example.INSTRUMENTS, m.rules(), Example.NEEDS)
                        .administrations(e.getValue()).build(e.getKey(), last);
                assertThat(fromMonitor).isEqualTo(fromBatch);
                int earlier = Math.max(0, last / 2);
                assertThat(m.report(e.getKey(), earlier)).isEqualTo(batch.administrations(e.getValue()).build(e.getKey(), earlier));
                PatientHistory h = m.history(e.getKey()).orElseThrow();
                // the monitor keeps arrival order, batch sorts by occasion: the same administrations and series
                assertThat(h.administrations()).containsExactlyInAnyOrderElementsOf(e.getValue());
                for (String scale : h.scales()) {
                    assertThat(h.series(scale)).isEqualTo(PatientHistory.score(e.getKey(), Example.INSTRUMENTS, e.getValue())
                            .series(scale));
                }
            }
            String group = cohort.administrations().get(0).groupId().orElseThrow();
            assertThat(m.group(group)).hasSize(byPatient.size()).allSatisfy(r -> assertThat(r.groupId()).isEqualTo(group));
        });
    }

    @Test
    void aBoundedHistoryKeepsTheLastOccasionsAndTheRulesStillSeeEverything() {
        OutcomeMonitor bounded = monitor(3);
        OutcomeMonitor full = monitor(1000);
        int[][] weeks = {{3, 3, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 2, 3}, {2, 2, 2, 2, 2}};
        for (int o = 0; o < 40; o++) {
            Administration a = Administration.builder("p-1", "odsis", o).groupId("g").answers("q", weeks[o % 4]).build();
            assertThat(bounded.record(a)).isEqualTo(full.record(a));
        }
        PatientHistory h = bounded.history("p-1").orElseThrow();
        assertThat(h.administrations().size()).isBetween(3, 6);
        assertThat(h.lastOccasion()).isEqualTo(39);
        NotReport r = bounded.report("p-1");
        assertThat(r.status()).isEqualTo(full.report("p-1").status());
        assertThat(r.trajectories().get(0).points()).hasSizeBetween(3, 6);
        OutcomeMonitor restored = monitor(3);
        restored.restore(bounded.snapshot());
        assertThat(restored.report("p-1")).isEqualTo(r);
        assertThatThrownBy(() -> monitor(4).restore(bounded.snapshot())).hasMessageContaining("history");
        OutcomeMonitor none = OutcomeMonitor.builder().rule("deterioration-or-no-change").build();
        assertThatThrownBy(() -> none.report("p-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepHistory");
    }

    @Test
    void aSnapshotWithHistoriesRejectsEverySingleByteMutationOrRestoresTheIdenticalState() {
        OutcomeMonitor m = monitor(52);
        for (Administration a : arrivals(SyntheticCohort.generate(CohortModel.study(1, 3)).administrations(), 3)) {
            if (a.occasion() <= 3) {
                m.record(a);
            }
        }
        String original = m.snapshot();
        byte[] snap = original.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        qt().withExamples(1500).forAll(Generate.range(0, snap.length - 1), Generate.range(0, 255)).checkAssert((pos, b) -> {
            byte[] mutated = snap.clone();
            mutated[pos] = (byte) (int) b;
            OutcomeMonitor target = monitor(52);
            try {
                target.restore(new java.io.ByteArrayInputStream(mutated));
                assertThat(target.snapshot()).isEqualTo(original);
            } catch (org.openrom.core.DataFormatException e) {
                assertThat(target.patientCount()).isZero();
            }
        });
    }
}
