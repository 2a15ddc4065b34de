package org.openrom.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.util.Random;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.tck.NullSweep;

/** No public method of rom-fhir answers a null argument with an anonymous NullPointerException. */
class NullSweepTest {
    @Test
    void everyNullArgumentIsNamed() {
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        FhirContext ctx = FhirContext.forR4();
        FhirMapper mapper = new FhirMapper(ctx, reg);
        Administration a = FhirTest.random(reg.get("odsis"), new Random(1), 0);
        NullSweep.Result r = new NullSweep()
                .sample(FhirContext.class, () -> ctx)
                .sample(InstrumentRegistry.class, () -> reg)
                .sample(FhirMapper.class, () -> mapper)
                .sample(Instrument.class, () -> reg.get("odsis"))
                .sample(Administration.class, () -> a)
                .sample(Scores.class, () -> reg.get("odsis").score(a))
                .sample(QuestionnaireResponse.class, () -> mapper.questionnaireResponse(a))
                .sample(Reference.class, () -> new Reference("QuestionnaireResponse/1"))
                .sweep(NullSweep.classesIn(Path.of("target/classes"), "org.openrom.fhir"));
        assertThat(r.calls()).isGreaterThanOrEqualTo(8);
        assertThat(r.anonymousNulls()).isEmpty();
    }
}
