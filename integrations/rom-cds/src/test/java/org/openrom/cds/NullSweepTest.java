package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.safety.AlertWording;
import org.openrom.tck.NullSweep;
import org.openrom.core.track.RuleRegistry;

/** No public method of rom-cds answers a null argument with an anonymous NullPointerException. */
class NullSweepTest {
    @Test
    void everyNullArgumentIsNamed() {
        NullSweep.Result r = new NullSweep()
                .sample(CdsService.Builder.class, CdsService::builder)
                .sample(InstrumentRegistry.class, InstrumentRegistry::loadDefault)
                .sample(RuleRegistry.class, RuleRegistry::loadDefault)
                .sample(AlertWording.class, AlertWording::neutral)
                .sample(org.openrom.fhir.FormMap.class, org.openrom.fhir.FormMap::none)
                .sample(Path.class, () -> Path.of("target", "no-such-key-store.p12"))
                .sample(java.time.Clock.class, java.time.Clock::systemUTC)
                .sample(char[].class, () -> new char[] {'x'})
                .sweep(NullSweep.classesIn(Path.of("target/classes"), "org.openrom.cds"));
        assertThat(r.calls()).isGreaterThanOrEqualTo(10);
        assertThat(r.anonymousNulls()).isEmpty();
    }
}
