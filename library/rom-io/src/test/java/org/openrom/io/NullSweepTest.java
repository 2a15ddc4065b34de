package org.openrom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.tck.NullSweep;

/** No public method of rom-io answers a null argument with an anonymous NullPointerException. */
class NullSweepTest {
    @Test
    void everyNullArgumentIsNamed() {
        NullSweep.Result r = new NullSweep()
                .sample(InstrumentRegistry.class, InstrumentRegistry::loadDefault)
                .sample(Path.class, () -> Path.of("no-such-file.csv"))
                .sample(java.io.PrintWriter.class, () -> new java.io.PrintWriter(java.io.Writer.nullWriter()))
                .sweep(NullSweep.classesIn(Path.of("target/classes"), "org.openrom.io", "org.openrom.io.spi"));
        assertThat(r.calls()).isPositive();
        assertThat(r.anonymousNulls()).isEmpty();
    }
}
