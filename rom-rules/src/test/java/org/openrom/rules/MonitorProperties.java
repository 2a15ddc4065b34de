package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.track.TrackAssessment;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Laws of the incremental monitor: interleaving, snapshot/restore, concurrency. */
class MonitorProperties {
    private static final String[] SPECS = {
        "deterioration-or-no-change:scale=mood.total",
        "reliable-change:scale=mood.total,method=gln",
        "persistent:k=2,rule=(percent-change:scale=mood.total)"};

    private static OutcomeMonitor monitor() {
        OutcomeMonitor.Builder b = OutcomeMonitor.builder().instruments(Fixtures.INSTRUMENTS).ruleRegistry(Fixtures.RULES);
        for (String s : SPECS) {
            b.rule(s);
        }
        return b.build();
    }

    /** A cohort: for patients 0..n-1, scores 0-40 at occasions 0, 1, 2, …; plus a shuffle order. */
    record Cohort(int[][] scores, int[] order) {
        List<int[]> events() {
            List<int[]> ev = new ArrayList<>();
            for (int p = 0; p < scores.length; p++) {
                for (int o = 0; o < scores[p].length; o++) {
                    ev.add(new int[] {p, o, scores[p][o]});
                }
            }
            // a random interleaving that keeps each patient's own order: stable sort by a random key
            List<int[]> out = new ArrayList<>();
            int[] next = new int[scores.length];
            for (int k : order) {
                int p = k % scores.length;
                for (int tries = 0; tries < scores.length && next[p] >= scores[p].length; tries++) {
                    p = (p + 1) % scores.length;
                }
                if (next[p] < scores[p].length) {
                    out.add(new int[] {p, next[p], scores[p][next[p]]});
                    next[p]++;
                }
            }
            for (int p = 0; p < scores.length; p++) {
                while (next[p] < scores[p].length) {
                    out.add(new int[] {p, next[p], scores[p][next[p]]});
                    next[p]++;
                }
            }
            return out;
        }
    }

    static Gen<Cohort> cohorts() {
        Gen<int[]> one = Generate.intArrays(Generate.range(1, 12), Generate.range(0, 40));
        Gen<int[][]> many = Generate.intArrays(Generate.range(1, 6), Generate.range(0, 1_000_000)).flatMap(seeds -> {
            Gen<int[][]> g = Generate.constant(new int[0][]);
            for (int i = 0; i < seeds.length; i++) {
                g = g.zip(one, (acc, s) -> {
                    int[][] n = java.util.Arrays.copyOf(acc, acc.length + 1);
                    n[acc.length] = s;
                    return n;
                });
            }
            return g;
        });
        return many.zip(Generate.intArrays(Generate.range(0, 80), Generate.range(0, 1000)), Cohort::new);
    }

    private static Map<Integer, List<TrackAssessment>> feed(OutcomeMonitor m, List<int[]> events,
            Map<Integer, List<TrackAssessment>> into) {
        for (int[] e : events) {
            into.computeIfAbsent(e[0], k -> new ArrayList<>())
                    .addAll(m.record(Fixtures.adm("p" + e[0], "mood", e[1], e[2])).assessments());
        }
        return into;
    }

    @Test
    void anyInterleavingOfPatientsGivesEachPatientsResultsAlone() {
        qt().withExamples(60).forAll(cohorts()).checkAssert(c -> {
            Map<Integer, List<TrackAssessment>> mixed = feed(monitor(), c.events(), new HashMap<>());
            for (int p = 0; p < c.scores().length; p++) {
                List<int[]> alone = new ArrayList<>();
                for (int o = 0; o < c.scores()[p].length; o++) {
                    alone.add(new int[] {p, o, c.scores()[p][o]});
                }
                assertThat(mixed.get(p)).isEqualTo(feed(monitor(), alone, new HashMap<>()).get(p));
            }
        });
    }

    @Test
    void snapshotAndRestoreMidStreamGivesTheUninterruptedResults() {
        qt().withExamples(60).forAll(cohorts(), Generate.range(0, 100)).checkAssert((c, cut) -> {
            List<int[]> events = c.events();
            int k = events.size() * cut / 100;
            Map<Integer, List<TrackAssessment>> straight = feed(monitor(), events, new HashMap<>());
            OutcomeMonitor first = monitor();
            Map<Integer, List<TrackAssessment>> split = feed(first, events.subList(0, k), new HashMap<>());
            OutcomeMonitor second = monitor();
            second.restore(first.snapshot());
            assertThat(second.snapshot()).isEqualTo(first.snapshot());
            feed(second, events.subList(k, events.size()), split);
            assertThat(split).isEqualTo(straight);
        });
    }

    @Test
    void concurrentRecordingGivesTheSequentialPerPatientResults() throws Exception {
        int patients = 200;
        int occasions = 15;
        java.util.Random rnd = new java.util.Random(42);
        int[][] scores = new int[patients][occasions];
        for (int[] row : scores) {
            for (int o = 0; o < occasions; o++) {
                row[o] = rnd.nextInt(41);
            }
        }
        OutcomeMonitor sequential = monitor();
        Map<Integer, List<TrackAssessment>> expected = new HashMap<>();
        for (int p = 0; p < patients; p++) {
            for (int o = 0; o < occasions; o++) {
                expected.computeIfAbsent(p, x -> new ArrayList<>())
                        .addAll(sequential.record(Fixtures.adm("p" + p, "mood", o, scores[p][o])).assessments());
            }
        }
        OutcomeMonitor concurrent = monitor();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<Integer, List<TrackAssessment>>>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int start = t;
                fs.add(pool.submit(() -> {
                    Map<Integer, List<TrackAssessment>> got = new HashMap<>();
                    for (int p = start; p < patients; p += 4) {
                        for (int o = 0; o < occasions; o++) {
                            got.computeIfAbsent(p, x -> new ArrayList<>())
                                    .addAll(concurrent.record(Fixtures.adm("p" + p, "mood", o, scores[p][o])).assessments());
                        }
                        if (p % 10 == 0) {
                            concurrent.snapshot();
                        }
                    }
                    return got;
                }));
            }
            Map<Integer, List<TrackAssessment>> all = new HashMap<>();
            for (Future<Map<Integer, List<TrackAssessment>>> f : fs) {
                all.putAll(f.get());
            }
            assertThat(all).isEqualTo(expected);
            assertThat(concurrent.snapshot()).isEqualTo(sequential.snapshot());
        } finally {
            pool.shutdownNow();
        }
    }
}
