package org.openrom.fhir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.tck.NullSweep;

/** No public method of the FHIR command-line plugin answers a null argument with an anonymous NPE. */
class NullSweepTest {
    @Test
    void everyNullArgumentIsNamed() {
        NullSweep.Result r = new NullSweep()
                .sample(FhirInputFormat.class, FhirInputFormat::new)
                .sample(FhirTrackOutput.class, FhirTrackOutput::new)
                .sample(InstrumentRegistry.class, InstrumentRegistry::loadDefault)
                .sample(Path.class, () -> Path.of("target", "null-sweep-missing.ndjson"))
                .sweep(NullSweep.classesIn(Path.of("target/classes"), "org.openrom.fhir.cli"));
        assertThat(r.calls()).isGreaterThanOrEqualTo(3);
        assertThat(r.anonymousNulls()).isEmpty();
    }
}
