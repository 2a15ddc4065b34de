package org.openrom.fhir.measures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
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
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasurePatient;
import org.openrom.measures.MeasureResult;
import org.openrom.measures.MeasureSummary;
import org.openrom.measures.MeasurementPeriod;

/** The depression measures' FHIR door and MeasureReports. */
class MeasureFhirTest {
    static final String T = "http://example.org/codes";
    static final MeasurementPeriod MP = MeasurementPeriod.year(2025);

    static MeasureValueSets valueSets() {
        List<ValueSet> sets = new ArrayList<>();
        for (MeasureValueSets.Role r : MeasureValueSets.Role.values()) {
            ValueSet vs = new ValueSet().setUrl(r.url() + "|20240101");
            vs.getExpansion().addContains().setSystem(T).setCode(r.name().toLowerCase());
            sets.add(vs);
        }
        // one expansion nested, one value set given by its compose instead
        sets.get(0).getExpansion().getContainsFirstRep().addContains().setSystem(T).setCode("nested-visit");
        ValueSet composed = new ValueSet().setUrl(MeasureValueSets.Role.DYSTHYMIA.url());
        composed.getCompose().addInclude().setSystem(T).addConcept().setCode("composed-dysthymia");
        sets.set(MeasureValueSets.Role.DYSTHYMIA.ordinal(), composed);
        return MeasureValueSets.of(sets);
    }

    static CodeableConcept code(MeasureValueSets.Role r) {
        return new CodeableConcept(new Coding(T, r.name().toLowerCase(), null));
    }

    static Observation phq(String id, String when, int score, Observation.ObservationStatus status) {
        Observation o = new Observation().setStatus(status).setCode(code(MeasureValueSets.Role.PHQ_9_AND_PHQ_9M_TOOLS))
                .setEffective(new DateTimeType(when)).setValue(new IntegerType(score))
                .setSubject(new Reference("Patient/p1"));
        o.setId(id);
        return o;
    }

    static List<Resource> patient() {
        Patient p = new Patient().setBirthDateElement(new DateType("1980-05-05"));
        p.setId("p1");
        Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                .setPeriod(new Period().setStartElement(new DateTimeType("2024-03-05T09:00:00Z"))
                        .setEndElement(new DateTimeType("2024-03-05T10:00:00Z"))).setSubject(new Reference("Patient/p1"));
        visit.addType(new CodeableConcept(new Coding(T, "nested-visit", null)));
        visit.setId("v1");
        Condition dx = new Condition().setCode(new CodeableConcept(new Coding(T, "composed-dysthymia", null)))
                .setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "active", null))).setVerificationStatus(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)))
                .setOnset(new DateTimeType("2024-01-01")).setSubject(new Reference("Patient/p1"));
        dx.setId("dx1");
        return new ArrayList<>(List.of(p, visit, dx, phq("o1", "2024-03-01T08:00:00Z", 15, Observation.ObservationStatus.FINAL),
                phq("o2", "2025-03-01T08:00:00Z", 3, Observation.ObservationStatus.AMENDED),
                phq("o3", "2025-03-02T08:00:00Z", 20, Observation.ObservationStatus.PRELIMINARY)));
    }

    @Test
    void resourcesQualifyAsThePublishedLogicSays() {
        MeasureFacts door = MeasureFacts.using(valueSets());
        MeasureFacts.Read read = door.read(patient());
        MeasurePatient p = read.patient();
        assertThat(read.issues()).isEmpty();
        // the preliminary PHQ-9 is not an assessment; the amended one is
        assertThat(p.assessments()).extracting(MeasurePatient.Assessment::id).containsExactly("Observation/o1",
                "Observation/o2");
        assertThat(p.visits()).extracting(MeasurePatient.Visit::id).containsExactly("Encounter/v1");
        assertThat(p.diagnoses()).extracting(MeasurePatient.Diagnosis::kind)
                .containsExactly(MeasurePatient.DiagnosisKind.DEPRESSION);
        MeasureResult r = EpisodeMeasure.CMS159.evaluate(p, MP);
        assertThat(r.numerator()).isTrue();
        assertThat(r.evidence()).containsExactly("Observation/o1", "Encounter/v1", "Condition/dx1", "Observation/o2");
    }

    @Test
    void whatCannotBeUsedIsReportedByTypeIdAndReasonNeverSilently() {
        List<Resource> rs = patient();
        Observation noValue = phq("o9", "2025-03-03T08:00:00Z", 0, Observation.ObservationStatus.FINAL);
        noValue.setValue(null);
        rs.add(noValue);
        Observation quantity = phq("o10", "2025-03-04T23:30:00-05:00", 0, Observation.ObservationStatus.FINAL);
        quantity.setValue(new Quantity(4.0));
        rs.add(quantity);
        ((Patient) rs.get(0)).setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
        MeasureFacts.Read read = MeasureFacts.using(valueSets()).read(rs);
        assertThat(read.issues()).containsExactly("Observation/o9: a PHQ-9 without a number (valueInteger or valueQuantity)",
                "Patient/p1: deceased without a day, which the measure cannot compare (not excluded)");
        // a day as written, in its own offset
        assertThat(read.patient().assessments()).filteredOn(a -> a.id().equals("Observation/o10"))
                .extracting(MeasurePatient.Assessment::date).containsExactly(LocalDate.of(2025, 3, 4));
        assertThatThrownBy(() -> MeasureFacts.using(valueSets()).read(rs.subList(1, 3)))
                .hasMessageContaining("got 0 Patients, expected one");
    }

    @Test
    void aBundleIsSplitByPatientAndStraysAreListed() {
        Bundle b = new Bundle().setType(Bundle.BundleType.COLLECTION);
        patient().forEach(r -> b.addEntry().setResource(r));
        Observation stray = phq("o99", "2024-03-01T08:00:00Z", 12, Observation.ObservationStatus.FINAL);
        stray.setSubject(new Reference("Patient/nobody"));
        b.addEntry().setResource(stray);
        Patient twice = new Patient();
        twice.setId("p1");
        b.addEntry().setResource(twice);
        MeasureFacts.BundleRead read = MeasureFacts.using(valueSets()).read(b);
        assertThat(read.patients()).hasSize(1);
        assertThat(read.patients().get(0).patient().birthDate()).hasValue(LocalDate.of(1980, 5, 5));
        assertThat(read.unattached()).containsExactly("Patient/p1: the bundle holds this Patient twice; the first is used",
                "Observation/o99: its subject is no Patient of the bundle");
    }

    @Test
    void aMissingValueSetIsNamed() {
        assertThatThrownBy(() -> MeasureValueSets.of(List.of(new ValueSet().setUrl(
                MeasureValueSets.Role.DYSTHYMIA.url())))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("14 missing").hasMessageContaining("contact-or-office-visit (http://cts.nlm.nih.gov/"
                        + "fhir/ValueSet/2.16.840.1.113762.1.4.1080.5)");
        assertThat(valueSets().size(MeasureValueSets.Role.CONTACT_OR_OFFICE_VISIT)).isEqualTo(2);
    }

    @Test
    void individualAndSummaryReportsCarryPopulationsEvidenceAndTheRateAndValidate() {
        MeasureResult r = EpisodeMeasure.CMS159.evaluate(MeasureFacts.using(valueSets()).read(patient()).patient(), MP);
        MeasureReport one = MeasureReports.individual(EpisodeMeasure.CMS159, MP, r);
        assertThat(one.getType()).isEqualTo(MeasureReport.MeasureReportType.INDIVIDUAL);
        assertThat(one.getMeasure()).isEqualTo("https://madie.cms.gov/Measure/DepressionRemissionatTwelveMonthsFHIR|0.2.000");
        assertThat(one.getGroupFirstRep().getPopulation()).extracting(p -> p.getCode().getCodingFirstRep().getCode() + "="
                + p.getCount()).containsExactly("initial-population=1", "denominator=1", "denominator-exclusion=0",
                "numerator=1");
        assertThat(one.getEvaluatedResource()).extracting(Reference::getReference).containsExactly("Observation/o1",
                "Encounter/v1", "Condition/dx1", "Observation/o2");
        assertThat(one.getExtensionString(MeasureReports.REASON_EXTENSION)).startsWith("numerator: remission");
        MeasureSummary s = new MeasureSummary(EpisodeMeasure.CMS159, MP).add(r);
        MeasureReport all = MeasureReports.summary(s);
        assertThat(all.getGroupFirstRep().getMeasureScore().getValue().doubleValue()).isEqualTo(1.0);
        assertThat(all.getGroupFirstRep().getStratifierFirstRep().getStratumFirstRep().getValue().getText()).isEqualTo("18+");
        assertThat(MeasureReports.measureUrl(EpisodeMeasure.DEP_REM_6)).isEqualTo("https://openrom.org/fhir/Measure/dep-rem-6");
        FhirContext ctx = FhirContext.forR4Cached();
        FhirValidator validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(
                new ValidationSupportChain(new ca.uhn.fhir.context.support.DefaultProfileValidationSupport(ctx),
                        new CommonCodeSystemsTerminologyService(ctx), new InMemoryTerminologyServerValidationSupport(ctx))));
        for (MeasureReport m : List.of(one, all)) {
            assertThat(validator.validateWithResult(m).getMessages()).filteredOn(x -> x.getSeverity()
                    == ResultSeverityEnum.ERROR || x.getSeverity() == ResultSeverityEnum.FATAL).isEmpty();
        }
    }
}
