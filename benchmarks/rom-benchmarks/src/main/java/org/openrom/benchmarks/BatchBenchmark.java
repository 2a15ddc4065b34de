package org.openrom.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 3 — batch cohort evaluation: 1,000,000 patients × 15 occasions through
 * {@code deterioration-or-no-change}: the status-only streaming path ({@code TrackState.advance}), the full
 * assessments ({@code TrackRule.evaluate}, with every reason read) on a 100,000-patient slice, and a
 * hand-written primitive loop over {@code double[]} implementing the same rule (the limit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class BatchBenchmark {
    static final int PATIENTS = 1_000_000;
    static final int OCCASIONS = 15;

    double[] scores;
    TrackRule rule;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(3);
        scores = new double[PATIENTS * OCCASIONS];
        for (int p = 0; p < PATIENTS; p++) {
            int b = 8 + rnd.nextInt(11);
            double slope = (rnd.nextInt(4) - 2) * 0.3;
            for (int o = 0; o < OCCASIONS; o++) {
                scores[p * OCCASIONS + o] = Math.max(0, Math.min(20, Math.round(b + slope * o + rnd.nextGaussian() * 1.5)));
            }
        }
        rule = RuleRegistry.loadDefault().create("deterioration-or-no-change", RuleEnvironment.of(InstrumentRegistry.loadDefault()));
    }

    @Benchmark
    public long statusPath() {
        long not = 0;
        for (int p = 0; p < PATIENTS; p++) {
            TrackState st = rule.start();
            int base = p * OCCASIONS;
            for (int o = 0; o < OCCASIONS; o++) {
                if (st.advance(o, scores[base + o]) == TrackStatus.NOT_ON_TRACK) {
                    not++;
                }
            }
        }
        return not;
    }

    @Benchmark
    public long fullAssessments100k() {
        long not = 0;
        int[] occ = new int[OCCASIONS];
        for (int o = 0; o < OCCASIONS; o++) {
            occ[o] = o;
        }
        for (int p = 0; p < PATIENTS / 10; p++) {
            double[] v = java.util.Arrays.copyOfRange(scores, p * OCCASIONS, (p + 1) * OCCASIONS);
            for (TrackAssessment a : rule.evaluate(ScoreSeries.of("p", "odsis.total", occ, v))) {
                // read the reasons so that the lazily built sentences and details are paid for
                not += a.reasons().size() + (a.isNotOnTrack() ? 1 : 0);
            }
        }
        return not;
    }

    /** The same rule (defaults: deterioration 3, no-change 2, run 3, baseline, absolute) as a primitive loop. */
    @Benchmark
    public long baselinePrimitiveLoop() {
        long not = 0;
        Direction dir = Direction.LOWER_IS_BETTER;
        for (int p = 0; p < PATIENTS; p++) {
            int base = p * OCCASIONS;
            double baseline = scores[base];
            int run = 0;
            for (int o = 1; o < OCCASIONS; o++) {
                double x = scores[base + o];
                double worse = dir == Direction.LOWER_IS_BETTER ? x - baseline : baseline - x;
                run = Math.abs(x - baseline) < 2 ? run + 1 : 0;
                if (worse >= 3 || run >= 3) {
                    not++;
                }
            }
        }
        return not;
    }
}
