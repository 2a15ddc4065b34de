package org.openrom.examples;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.score.Administration;
import org.openrom.fhir.FhirMapper;

/**
 * Example 5 — an EHR that speaks FHIR: QuestionnaireResponse JSON arrives, OpenROM scores it and advances the
 * rules, and the EHR receives one transaction Bundle per response to post to its FHIR server (the response,
 * score Observations, status Observations, and — when the patient becomes Not On Track — a Flag, a
 * DetectedIssue, add-on proposals and Provenance).
 */
public final class FhirEhrExample {
    private FhirEhrExample() {
    }

    /**
     * @param responses QuestionnaireResponse JSON documents in arrival order
     * @return one transaction Bundle (JSON) per response
     */
    public static List<String> run(List<String> responses) {
        FhirContext ctx = FhirContext.forR4();
        InstrumentRegistry instruments = InstrumentRegistry.loadDefault();
        FhirMapper fhir = new FhirMapper(ctx, instruments);
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(instruments).rule("deterioration-or-no-change").build();
        NeedsEngine needs = NeedsEngine.loadDefault(instruments);
        List<Administration> record = new ArrayList<>();
        List<String> bundles = new ArrayList<>();
        for (String json : responses) {
            QuestionnaireResponse qr = fhir.parse(json, QuestionnaireResponse.class);
            Administration a = fhir.administration(qr, OptionalInt.empty());
            MonitorUpdate update = monitor.record(a);
            record.add(a);
            Optional<NeedsAssessment> na = update.becameNotOnTrack()
                    ? Optional.of(new NotReportBuilder(instruments, monitor.rules(), needs).administrations(record)
                            .build(a.patientId(), a.occasion()).needs())
                    : Optional.empty();
            // refers to the EHR's own response; the history lets status Observations cite the baseline score too
            Bundle b = fhir.transaction(qr, a, update, na, needs.taxonomy(), PatientHistory.score(a.patientId(), instruments,
                    record.stream().filter(x -> x.patientId().equals(a.patientId())).toList()));
            bundles.add(fhir.toJson(b));
        }
        return bundles;
    }

    /** @return three weekly ODSIS responses of one patient, as an EHR would send them */
    public static List<String> sampleResponses() {
        FhirMapper fhir = new FhirMapper(FhirContext.forR4(), InstrumentRegistry.loadDefault());
        int[][] weeks = {{3, 3, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 2, 3}};
        List<String> out = new ArrayList<>();
        for (int w = 0; w < weeks.length; w++) {
            Administration a = Administration.builder("ehr-7", "odsis", w).answers("q", weeks[w])
                    .date(java.time.LocalDate.of(2024, 5, 6).plusDays(7L * w)).build();
            out.add(fhir.toJson(fhir.questionnaireResponse(a)));
        }
        return out;
    }

    /** @param args ignored */
    public static void main(String[] args) {
        List<String> bundles = run(sampleResponses());
        System.out.println(bundles.get(bundles.size() - 1));
    }
}
