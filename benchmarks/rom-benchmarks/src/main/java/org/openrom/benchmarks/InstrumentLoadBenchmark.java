package org.openrom.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentDefinitions;

/**
 * Loading a declarative instrument definition must grow linearly with its items (a per-item list search once
 * made 100,000 items take 17 s). Time per load for 1,000, 10,000 and 100,000 items in one sum scale: linear
 * growth means ×10 per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InstrumentLoadBenchmark {
    @Param({"1000", "10000", "100000"})
    int items;

    String json;

    @Setup
    public void setup() {
        StringBuilder sb = new StringBuilder("{\"id\":\"big\",\"version\":\"1\",\"name\":\"Big\",\"source\":\"s\",\"licence\":\"l\","
                + "\"items\":[");
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < items; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"q").append(i).append("\",\"topic\":\"t\",\"min\":0,\"max\":1}");
            ids.append(i == 0 ? "" : ",").append("\"q").append(i).append('"');
        }
        json = sb.append("],\"scales\":[{\"id\":\"total\",\"label\":\"T\",\"items\":[").append(ids)
                .append("],\"aggregation\":\"sum\"}]}").toString();
    }

    @Benchmark
    public Instrument load() {
        return InstrumentDefinitions.fromJson(json);
    }
}
