package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.track.TrackAssessment;

/**
 * The monitor under load: 8 threads × 12,500 administrations (100,000) over 10,000 patients give exactly
 * the per-patient results of a sequential run, and snapshots taken while others write restore to a
 * consistent state.
 */
@Timeout(120)
class ConcurrencyTest {
    static final int PATIENTS = 10_000;
    static final int OCCASIONS = 10;
    static final int THREADS = 8;

    private static OutcomeMonitor monitor() {
        return OutcomeMonitor.builder().instruments(Fixtures.INSTRUMENTS).ruleRegistry(Fixtures.RULES)
                .rule("deterioration-or-no-change:scale=mood.total")
                .rule("persistent:k=2,rule=(deterioration-threshold:scale=mood.total)").build();
    }

    @Test
    void eightThreadsGiveTheSequentialResultsAndConsistentSnapshots() throws Exception {
        int[][] scores = Fixtures.randomMoodScores(PATIENTS, OCCASIONS, 9);
        OutcomeMonitor sequential = monitor();
        Map<Integer, List<TrackAssessment>> expected = Fixtures.recordSequentially(sequential, scores);
        OutcomeMonitor concurrent = monitor();
        ConcurrentLinkedQueue<String> snapshots = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<Map<Integer, List<TrackAssessment>>>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    start.await();
                    Map<Integer, List<TrackAssessment>> got = new HashMap<>();
                    // each thread owns every 8th patient and interleaves them occasion by occasion
                    for (int o = 0; o < OCCASIONS; o++) {
                        for (int p = thread; p < PATIENTS; p += THREADS) {
                            got.computeIfAbsent(p, x -> new ArrayList<>())
                                    .addAll(concurrent.record(Fixtures.adm("p" + p, "mood", o, scores[p][o])).assessments());
                        }
                    }
                    return got;
                }));
            }
            Future<?> snapper = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 5; i++) {
                    snapshots.add(concurrent.snapshot());
                    Thread.sleep(5);
                }
                return null;
            });
            start.countDown();
            Map<Integer, List<TrackAssessment>> all = new HashMap<>();
            for (Future<Map<Integer, List<TrackAssessment>>> f : fs) {
                all.putAll(f.get(100, TimeUnit.SECONDS));
            }
            snapper.get(100, TimeUnit.SECONDS);
            assertThat(all).isEqualTo(expected);
            assertThat(concurrent.snapshot()).isEqualTo(sequential.snapshot());
        } finally {
            pool.shutdownNow();
        }
        // every snapshot is a consistent cut: restoring it and feeding each patient's remaining occasions ends in
        // exactly the sequential state
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String snap : snapshots) {
            OutcomeMonitor restored = monitor();
            restored.restore(snap);
            Map<String, Integer> last = new HashMap<>();
            for (String line : snap.lines().skip(1).toList()) {
                var p = mapper.readTree(line);
                if (p.has("patient")) {
                    last.put(p.path("patient").asText(), p.path("last").get(0).asInt());
                }
            }
            for (int p = 0; p < PATIENTS; p++) {
                for (int o = last.getOrDefault("p" + p, -1) + 1; o < OCCASIONS; o++) {
                    restored.record(Fixtures.adm("p" + p, "mood", o, scores[p][o]));
                }
            }
            assertThat(restored.snapshot()).isEqualTo(sequential.snapshot());
        }
    }
}
