package org.openrom.fhir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.fhir.measures.MeasureValueSets;

/** {@code rom fhir measure}: MeasureReports from FHIR resources and the value sets as data. */
class FhirMeasureCommandTest {
    static final String T = "http://example.org/codes";
    static final FhirContext CTX = FhirContext.forR4Cached();

    @TempDir
    Path tmp;

    private static CodeableConcept code(MeasureValueSets.Role r) {
        return new CodeableConcept(new Coding(T, r.name().toLowerCase(), null));
    }

    private Path valueSets() throws IOException {
        Bundle b = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (MeasureValueSets.Role r : MeasureValueSets.Role.values()) {
            ValueSet vs = new ValueSet().setUrl(r.url());
            vs.getExpansion().addContains().setSystem(T).setCode(r.name().toLowerCase());
            b.addEntry().setResource(vs);
        }
        return Files.writeString(tmp.resolve("valuesets.json"), CTX.newJsonParser().encodeResourceToString(b));
    }

    /** p1 in remission at twelve months; an Observation about a patient the file does not hold. */
    private Path ndjson() throws IOException {
        Patient p = new Patient().setBirthDateElement(new DateType("1980-05-05"));
        p.setId("p1");
        Encounter v = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("Patient/p1"))
                .setPeriod(new Period().setStartElement(new DateTimeType("2024-03-05T09:00:00Z"))
                        .setEndElement(new DateTimeType("2024-03-05T10:00:00Z")));
        v.addType(code(MeasureValueSets.Role.CONTACT_OR_OFFICE_VISIT));
        v.setId("v1");
        Condition dx = new Condition().setCode(code(MeasureValueSets.Role.MAJOR_DEPRESSION))
                .setClinicalStatus(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
                .setVerificationStatus(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)))
                .setOnset(new DateTimeType("2024-01-01T00:00:00Z")).setSubject(new Reference("Patient/p1"));
        dx.setId("dx1");
        List<Resource> rs = List.of(p, v, dx, phq("o1", "p1", "2024-03-01T08:00:00Z", 15),
                phq("o2", "p1", "2025-03-01T08:00:00Z", 3), phq("o3", "nobody", "2025-03-01T08:00:00Z", 3));
        StringBuilder b = new StringBuilder();
        var parser = CTX.newJsonParser().setPrettyPrint(false);
        rs.forEach(r -> b.append(parser.encodeResourceToString(r)).append('\n'));
        return Files.writeString(tmp.resolve("patients.ndjson"), b);
    }

    private static Observation phq(String id, String patient, String when, int score) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setCode(code(MeasureValueSets.Role.PHQ_9_AND_PHQ_9M_TOOLS)).setEffective(new DateTimeType(when))
                .setValue(new IntegerType(score)).setSubject(new Reference("Patient/" + patient));
        o.setId(id);
        return o;
    }

    @Test
    void measureReportsComeOutOfFhirResourcesAndUnusableOnesAreNamed() throws IOException {
        Path out = tmp.resolve("reports.json");
        String[] r = FhirCliTest.run("fhir", "measure", "--in", ndjson().toString(), "--value-sets", valueSets().toString(),
                "--measure", "cms159,dep-rem-6", "--period", "2025", "--individual", "--out", out.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[2]).contains("1 resource could not be used (first: Observation/o3: its subject is no Patient of "
                + "the bundle)", "1 patient, 1 in the denominator of cms159");
        Bundle b = (Bundle) CTX.newJsonParser().parseResource(Files.readString(out));
        List<MeasureReport> reports = b.getEntry().stream().map(e -> (MeasureReport) e.getResource()).toList();
        assertThat(reports).extracting(m -> m.getType().toCode() + " " + m.getMeasure()).containsExactly(
                "summary https://madie.cms.gov/Measure/DepressionRemissionatTwelveMonthsFHIR|0.2.000",
                "summary https://openrom.org/fhir/Measure/dep-rem-6",
                "individual https://madie.cms.gov/Measure/DepressionRemissionatTwelveMonthsFHIR|0.2.000",
                "individual https://openrom.org/fhir/Measure/dep-rem-6");
        assertThat(reports.get(0).getGroupFirstRep().getMeasureScore().getValue().doubleValue()).isEqualTo(1.0);
        assertThat(reports.get(2).getEvaluatedResource()).extracting(Reference::getReference)
                .containsExactly("Observation/o1", "Encounter/v1", "Condition/dx1", "Observation/o2");
        // the value sets are required, and a missing one is named
        Path partial = Files.writeString(tmp.resolve("one.json"), CTX.newJsonParser().encodeResourceToString(
                new ValueSet().setUrl(MeasureValueSets.Role.DYSTHYMIA.url())));
        String[] missing = FhirCliTest.run("fhir", "measure", "--in", ndjson().toString(), "--value-sets", partial.toString(),
                "--period", "2025");
        assertThat(missing[0]).isEqualTo("3");
        assertThat(missing[2]).contains("contact-or-office-visit");
    }
}
