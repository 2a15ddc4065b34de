package org.openrom.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.score.Administration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Benchmark 2 — the incremental monitor: {@code OutcomeMonitor.record} throughput with ODSIS, the study rule
 * and reliable change, on 1 and 2 threads (disjoint patients per thread), after a history of 10 or 1,000
 * occasions per patient. Each operation builds the {@link Administration} as an EHR adapter would.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MonitorBenchmark {
    static final int PATIENTS_PER_THREAD = 500;
    static final int[][] WEEKS = {{2, 3, 2, 2, 3}, {3, 3, 2, 2, 3}, {2, 2, 2, 2, 2}, {3, 3, 3, 2, 2}};

    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"10", "1000"})
        int history;

        OutcomeMonitor monitor;
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void setup() {
            monitor = OutcomeMonitor.builder().rule("deterioration-or-no-change").rule("reliable-change:sd-pre=4.2").build();
        }
    }

    @State(Scope.Thread)
    public static class PerThread {
        String[] patients;
        int[] next;
        int cursor;

        @Setup(Level.Trial)
        public void setup(Shared shared) {
            int t = shared.threads.getAndIncrement();
            patients = new String[PATIENTS_PER_THREAD];
            next = new int[PATIENTS_PER_THREAD];
            for (int p = 0; p < PATIENTS_PER_THREAD; p++) {
                patients[p] = "t" + t + "-p" + p;
                for (int o = 0; o < shared.history; o++) {
                    shared.monitor.record(Administration.builder(patients[p], "odsis", o).answers("q", WEEKS[o & 3]).build());
                }
                next[p] = shared.history;
            }
        }
    }

    private static MonitorUpdate recordNext(Shared s, PerThread t) {
        int p = t.cursor++ % PATIENTS_PER_THREAD;
        int o = t.next[p]++;
        return s.monitor.record(Administration.builder(t.patients[p], "odsis", o).answers("q", WEEKS[o & 3]).build());
    }

    @Benchmark
    @Threads(1)
    public MonitorUpdate record1Thread(Shared s, PerThread t) {
        return recordNext(s, t);
    }

    @Benchmark
    @Threads(2)
    public MonitorUpdate record2Threads(Shared s, PerThread t) {
        return recordNext(s, t);
    }
}
