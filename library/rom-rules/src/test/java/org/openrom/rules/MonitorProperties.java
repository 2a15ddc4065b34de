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
        return Fixtures.monitor(SPECS);
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
        int[][] scores = Fixtures.randomMoodScores(patients, occasions, 42);
        OutcomeMonitor sequential = monitor();
        Map<Integer, List<TrackAssessment>> expected = Fixtures.recordSequentially(sequential, scores);
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

    /** Two-scale rules, plain and nested in combinators. */
    private static final String[] MULTI_SCALE = {
        "talking-therapies",
        "persistent:k=2,rule=(talking-therapies)",
        "any-of:rules=(talking-therapies;talking-therapies:phq-reliable=3,gad-reliable=2)"};

    /** Per-scale sequences (which occasions 0..11 each scale has, and the scores) and an interleaving of them. */
    record TwoScales(int[] phqAt, int[] gadAt, int[] phq, int[] gad, int[] phqFirst, int cut) {
        /** @return {scale (0 = PHQ-9, 1 = GAD-7), occasion, score}, each scale in its own order, interleaved */
        List<int[]> events() {
            List<int[]> a = new ArrayList<>();
            List<int[]> b = new ArrayList<>();
            for (int o = 0; o < phqAt.length; o++) {
                if (phqAt[o] == 1) {
                    a.add(new int[] {0, o, phq[o]});
                }
                if (gadAt[o] == 1) {
                    b.add(new int[] {1, o, gad[o]});
                }
            }
            List<int[]> out = new ArrayList<>();
            int i = 0;
            int j = 0;
            for (int k = 0; i < a.size() || j < b.size(); k++) {
                boolean takeA = j >= b.size() || i < a.size() && phqFirst[k % phqFirst.length] == 1;
                out.add(takeA ? a.get(i++) : b.get(j++));
            }
            return out;
        }

        org.openrom.core.track.ScoreSeries series(int scale) {
            int[] at = scale == 0 ? phqAt : gadAt;
            int[] v = scale == 0 ? phq : gad;
            int n = 0;
            for (int x : at) {
                n += x;
            }
            int[] occ = new int[n];
            double[] val = new double[n];
            for (int o = 0, k = 0; o < at.length; o++) {
                if (at[o] == 1) {
                    occ[k] = o;
                    val[k++] = v[o];
                }
            }
            return org.openrom.core.track.ScoreSeries.of("p", scale == 0 ? "phq9.total" : "gad7.total", occ, val);
        }
    }

    static Gen<TwoScales> twoScales() {
        Gen<int[]> at = Generate.intArrays(Generate.constant(12), Generate.range(0, 1));
        Gen<int[]> phq = Generate.intArrays(Generate.constant(12), Generate.range(0, 27));
        Gen<int[]> gad = Generate.intArrays(Generate.constant(12), Generate.range(0, 21));
        Gen<int[]> order = Generate.intArrays(Generate.range(1, 30), Generate.range(0, 1));
        return at.zip(at, phq, gad, (a, b, p, g) -> new Object[] {a, b, p, g})
                .zip(order, Generate.range(0, 100), (x, o, c) -> new TwoScales((int[]) x[0], (int[]) x[1],
                        (int[]) x[2], (int[]) x[3], o, c));
    }

    private static OutcomeMonitor multiScaleMonitor() {
        return Fixtures.monitor(MULTI_SCALE);
    }

    @Test
    void multiScaleRulesSeeEveryCompleteOccasionInAnyInterleavingAsInBatch() {
        qt().withExamples(400).forAll(twoScales()).checkAssert(c -> {
            List<int[]> events = c.events();
            int cut = events.size() * c.cut() / 100;
            OutcomeMonitor m = multiScaleMonitor();
            Map<String, List<TrackAssessment>> got = new HashMap<>();
            for (int k = 0; k < events.size(); k++) {
                if (k == cut) { // a snapshot and restore in between changes nothing
                    OutcomeMonitor restored = multiScaleMonitor();
                    restored.restore(m.snapshot());
                    m = restored;
                }
                int[] e = events.get(k);
                for (TrackAssessment a : m.record(Fixtures.adm("p", e[0] == 0 ? "phq9" : "gad7", e[1], e[2])).assessments()) {
                    got.computeIfAbsent(a.rule().spec(), x -> new ArrayList<>()).add(a);
                }
            }
            for (var rule : m.rules()) {
                List<TrackAssessment> batch = rule.evaluate(List.of(c.series(0), c.series(1)));
                assertThat(got.getOrDefault(rule.ref().spec(), List.of())).as(rule.ref().spec()).isEqualTo(batch);
            }
        });
    }

    @Test
    void aTabletPhq9SyncingBeforeThePaperGad7IsStillAssessedAtEverySession() {
        // the arrival order from the field: PHQ-9@0, GAD-7@0, PHQ-9@1, PHQ-9@2, GAD-7@1, GAD-7@2
        OutcomeMonitor m = multiScaleMonitor();
        int[][] arrivals = {{0, 0, 8}, {1, 0, 6}, {0, 1, 15}, {0, 2, 16}, {1, 1, 11}, {1, 2, 12}};
        List<Integer> assessedAt = new ArrayList<>();
        org.openrom.core.track.TrackStatus last = null;
        for (int[] e : arrivals) {
            for (TrackAssessment a : m.record(Fixtures.adm("p", e[0] == 0 ? "phq9" : "gad7", e[1], e[2])).assessments()) {
                if (a.rule().id().equals("talking-therapies")) {
                    assessedAt.add(a.occasion());
                    last = a.status();
                }
            }
        }
        assertThat(assessedAt).containsExactly(0, 1, 2);
        assertThat(last).isEqualTo(org.openrom.core.track.TrackStatus.NOT_ON_TRACK);
        assertThat(m.status("p")).containsEntry(m.rules().get(0).ref().spec(), org.openrom.core.track.TrackStatus.NOT_ON_TRACK);
    }
}
