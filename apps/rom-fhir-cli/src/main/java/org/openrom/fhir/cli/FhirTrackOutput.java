package org.openrom.fhir.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.Writer;
import org.openrom.cli.spi.TrackOutput;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.fhir.FhirMapper;

/**
 * {@code rom track --format fhir}: one FHIR transaction Bundle per patient (NDJSON), as {@link FhirMapper#course}
 * builds it: scores, a status Observation per assessment, DetectedIssues and the Flag's final state, with the business
 * identifiers of the live path so that posting it is idempotent.
 */
public final class FhirTrackOutput implements TrackOutput {
    private static final FhirContext CONTEXT = FhirContext.forR4();

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public FhirTrackOutput() {
    }

    @Override
    public String name() {
        return "fhir";
    }

    @Override
    public Sink open(Writer out, InstrumentRegistry instruments) {
        java.util.Objects.requireNonNull(out, "out");
        FhirMapper mapper = new FhirMapper(CONTEXT, java.util.Objects.requireNonNull(instruments, "instruments"));
        IParser compact = CONTEXT.newJsonParser().setPrettyPrint(false);
        return (history, assessments) -> {
            out.write(compact.encodeResourceToString(mapper.course(history, assessments)));
            out.write('\n');
        };
    }
}
