package org.openrom.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.score.Administration;
import org.openrom.core.worklist.Worklist;
import org.openrom.core.worklist.WorklistQuery;

/**
 * Benchmark 11 — the clinician's worklist: {@code OutcomeMonitor.worklist} over 10,000 and 100,000 patients in groups
 * of eight, six sessions each with ODSIS and the study rule, a sixth of them absent from session 4 on, a sixth not
 * improving (Not On Track), one in fifty with a PHQ-9 item 9 alert. The target (issue 29): under a second for 100,000.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
public class WorklistBenchmark {
    @Param({"10000", "100000"})
    int patients;

    OutcomeMonitor monitor;

    @Setup(Level.Trial)
    public void setup() {
        monitor = OutcomeMonitor.builder().rule("deterioration-or-no-change").build();
        int[] improving = {3, 3, 2, 2, 3};
        int[] flat = {2, 2, 2, 2, 2};
        for (int p = 0; p < patients; p++) {
            String id = "p" + p;
            String group = "g" + p / 8;
            for (int o = 0; o < 6; o++) {
                if (p % 6 == 1 && o >= 4) {
                    continue;
                }
                int[] answers = p % 6 == 2 ? flat : improving.clone();
                if (p % 6 != 2) {
                    answers[0] = Math.max(0, answers[0] - o / 2);
                    answers[1] = Math.max(0, answers[1] - o / 2);
                }
                monitor.record(Administration.builder(id, "odsis", o).groupId(group).answers("q", answers).build());
            }
            if (p % 50 == 3) {
                monitor.record(Administration.builder(id, "phq9", 5).groupId(group)
                        .answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 2).build());
            }
        }
    }

    @Benchmark
    public Worklist everyone() {
        return monitor.worklist(WorklistQuery.all());
    }

    @Benchmark
    public Worklist oneGroup() {
        return monitor.worklist(WorklistQuery.all().forGroup("g7"));
    }
}
