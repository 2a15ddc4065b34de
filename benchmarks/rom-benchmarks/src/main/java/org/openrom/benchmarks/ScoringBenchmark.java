package org.openrom.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Benchmark 1 — scoring: administrations scored per second for ODSIS, GQ-12 and PHQ-9 through the object
 * API ({@code Instrument.score(Administration)}: validation, maps, score objects) and the primitive API
 * ({@code Instrument.score(int[], double[])}), against the practical limit: summing an {@code int[]}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {
    @Param({"odsis", "gq12", "phq9"})
    String instrument;

    private Instrument ins;
    private Administration[] administrations;
    private int[][] raw;
    private final double[] out = new double[8];
    private double[] outs;
    private int i;

    @Setup
    public void setup() {
        ins = InstrumentRegistry.loadDefault().get(instrument);
        Random rnd = new Random(1);
        administrations = new Administration[1024];
        raw = new int[1024][];
        for (int k = 0; k < 1024; k++) {
            Administration.Builder b = Administration.builder("p" + k, instrument, 1);
            raw[k] = new int[ins.items().size()];
            for (int j = 0; j < raw[k].length; j++) {
                Item it = ins.items().get(j);
                int v = it.scale().min() + rnd.nextInt(it.scale().max() - it.scale().min() + 1);
                raw[k][j] = v;
                b.answer(it.id(), v);
            }
            administrations[k] = b.build();
        }
        outs = new double[ins.scales().size()];
    }

    @Benchmark
    public Scores objectApi() {
        return ins.score(administrations[i++ & 1023]);
    }

    @Benchmark
    public double primitiveApi() {
        ins.score(raw[i++ & 1023], outs);
        return outs[0];
    }

    @Benchmark
    public int baselineIntSum() {
        int[] a = raw[i++ & 1023];
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s + (int) out[0];
    }
}
