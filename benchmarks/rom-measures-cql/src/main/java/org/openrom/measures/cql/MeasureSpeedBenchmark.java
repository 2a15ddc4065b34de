package org.openrom.measures.cql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasurementPeriod;

/**
 * CMS159 over the same 1,000 generated patients ({@link EdgePatients}), by rom-measures and by the published CQL run
 * by the reference engine: patients per second each, one thread. The engine is given its best case: the libraries
 * compiled once, the resources in memory, one engine reused; rom-measures reads the typed facts written from the same
 * values. Run with {@code benchmarks/rom-measures-cql/scripts/measure-speed.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class MeasureSpeedBenchmark {
    static final int PATIENTS = 1_000;
    private final List<EdgePatients.Generated> patients = new ArrayList<>();
    private final MeasurementPeriod year = MeasurementPeriod.year(2025);
    private PublishedCql cql;

    @Setup
    public void setUp() {
        cql = new PublishedCql(2025);
        for (long seed = 1; seed <= PATIENTS; seed++) {
            EdgePatients.Generated g = EdgePatients.patient(seed);
            patients.add(g);
            cql.add(g.patient().patientId(), g.resources());
        }
        cql.populations(patients.get(0).patient().patientId()); // compiles the libraries
    }

    @Benchmark
    @OperationsPerInvocation(PATIENTS)
    public void openrom(Blackhole bh) {
        for (EdgePatients.Generated g : patients) {
            bh.consume(EpisodeMeasure.CMS159.evaluate(g.patient(), year));
        }
    }

    @Benchmark
    @OperationsPerInvocation(PATIENTS)
    public void cqlEngine(Blackhole bh) {
        for (EdgePatients.Generated g : patients) {
            bh.consume(cql.populations(g.patient().patientId()));
        }
    }
}
