package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.Trajectory;
import org.openrom.tck.NullSweep;

/** No public method of rom-report answers a null argument with an anonymous NullPointerException. */
class NullSweepTest {
    @Test
    void everyNullArgumentIsNamed() {
        NotReport report = Example.report("fine");
        NullSweep.Result r = new NullSweep()
                .sample(NeedsEngine.class, () -> Example.NEEDS)
                .sample(ReportRenderer.class, () -> new ReportRenderer(Example.NEEDS, "en"))
                .sample(NotReport.class, () -> report)
                .sample(Trajectory.class, () -> report.trajectories().get(0))
                .sweep(NullSweep.classesIn(Path.of("target/classes"), "org.openrom.report"));
        assertThat(r.calls()).isGreaterThanOrEqualTo(10);
        assertThat(r.anonymousNulls()).isEmpty();
    }
}
