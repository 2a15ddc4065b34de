package org.openrom.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openrom.core.instrument.Direction;
import org.openrom.rules.change.ChangeAnalysis;
import org.openrom.rules.change.ChangeStatistics;
import org.openrom.rules.change.RciMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4 — change statistics: JT and GLN over 1,000,000 pre/post pairs with {@code ChangeStatistics} (column-wise entry),
 * against the same formulas (sample statistics, index, categories, counts) in a primitive loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ChangeBenchmark {
    static final int N = 1_000_000;

    @Param({"JT", "GLN"})
    String method;

    String[] ids;
    double[] pre;
    double[] post;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(5);
        ids = new String[N];
        pre = new double[N];
        post = new double[N];
        for (int i = 0; i < N; i++) {
            pre[i] = Math.round(24 + rnd.nextGaussian() * 4);
            post[i] = Math.round(pre[i] - 6 + rnd.nextGaussian() * 5);
            ids[i] = "p" + i;
        }
    }

    @Benchmark
    public ChangeAnalysis library() {
        return ChangeStatistics.analyse(ids, pre, post, ChangeStatistics.options(RciMethod.valueOf(method), 0.8, Direction.LOWER_IS_BETTER));
    }

    @Benchmark
    public int[] baselinePrimitiveLoop() {
        double mp = 0;
        for (double v : pre) {
            mp += v;
        }
        mp /= N;
        double ss = 0;
        for (double v : pre) {
            ss += (v - mp) * (v - mp);
        }
        double sd = Math.sqrt(ss / (N - 1));
        double r = 0.8;
        boolean jt = method.equals("JT");
        double denom = jt ? Math.sqrt(2) * sd * Math.sqrt(1 - r) : sd * Math.sqrt(1 - r * r);
        // one specialised loop per method, branch-free counting (as tight as the library's own loop)
        int improved = 0;
        int deteriorated = 0;
        if (jt) {
            for (int i = 0; i < N; i++) {
                double d = -((post[i] - pre[i]) / denom);
                improved += d > 1.96 ? 1 : 0;
                deteriorated += d < -1.96 ? 1 : 0;
            }
        } else {
            for (int i = 0; i < N; i++) {
                double d = -(((post[i] - mp) - r * (pre[i] - mp)) / denom);
                improved += d > 1.96 ? 1 : 0;
                deteriorated += d < -1.96 ? 1 : 0;
            }
        }
        int[] counts = {improved, N - improved - deteriorated, deteriorated};
        return counts;
    }
}
