package org.openrom.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.OptionalInt;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;

/** The LOINC codes OpenROM writes and reads are LOINC's, with LOINC's names (docs/fhir.md: codes and their sources). */
class LoincCodesTest {
    static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    static final FhirMapper MAPPER = new FhirMapper(FhirContext.forR4(), REG);

    @Test
    void gad7AnswerTwoIsLoincsMoreDaysThanNotAndThePhq9sCodeStillReads() {
        Questionnaire gad = MAPPER.questionnaire(REG.get("gad7"));
        Coding two = gad.getItemFirstRep().getAnswerOption().get(2).getValueCoding();
        assertThat(two.getSystem()).isEqualTo("http://loinc.org");
        assertThat(two.getCode()).isEqualTo("LA18938-3");
        assertThat(two.getDisplay()).isEqualTo("More days than not");
        Coding phqTwo = MAPPER.questionnaire(REG.get("phq9")).getItemFirstRep().getAnswerOption().get(2).getValueCoding();
        assertThat(phqTwo.getCode()).isEqualTo("LA6570-1");
        assertThat(phqTwo.getDisplay()).isEqualTo("More than half the days");
        // a GAD-7 written by OpenROM reads back; one coded with the PHQ-9's LA6570-1, as some EHRs send it, reads as 2
        Administration a = Administration.builder("p-1", "gad7", 0).answers("q", 2, 2, 2, 2, 2, 2, 2).build();
        QuestionnaireResponse qr = MAPPER.questionnaireResponse(a);
        assertThat(MAPPER.administration(qr, OptionalInt.empty()).answers()).isEqualTo(a.answers());
        qr.getItem().forEach(i -> i.getAnswerFirstRep().setValue(new Coding("http://loinc.org", "LA6570-1", null)));
        assertThat(MAPPER.administration(qr, OptionalInt.empty()).answers()).isEqualTo(a.answers());
    }

    @Test
    void panelAndTotalCodesCarryLoincsLongCommonNames() {
        assertThat(MAPPER.questionnaire(REG.get("phq9")).getCodeFirstRep().getDisplay())
                .isEqualTo("PHQ-9 quick depression assessment panel [Reported.PHQ]");
        assertThat(MAPPER.questionnaire(REG.get("gad7")).getCodeFirstRep().getDisplay())
                .isEqualTo("Generalized anxiety disorder 7 item (GAD-7)");
        Observation phq = MAPPER.scoreObservations(REG.get("phq9").score(Administration.builder("p-1", "phq9", 0)
                .answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 0).build()), new Reference("QuestionnaireResponse/1")).get(0);
        assertThat(phq.getCode().getCoding()).anySatisfy(c -> {
            assertThat(c.getCode()).isEqualTo("44261-6");
            assertThat(c.getDisplay()).isEqualTo("Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]");
        });
        Observation gad = MAPPER.scoreObservations(REG.get("gad7").score(Administration.builder("p-1", "gad7", 0)
                .answers("q", 1, 1, 1, 1, 1, 1, 1).build()), new Reference("QuestionnaireResponse/1")).get(0);
        assertThat(gad.getCode().getCoding()).anySatisfy(c -> {
            assertThat(c.getCode()).isEqualTo("70274-6");
            assertThat(c.getDisplay()).isEqualTo("Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]");
        });
    }

    static Observation ehrTotal(String code, org.hl7.fhir.r4.model.Type value) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setSubject(new Reference("https://ehr.example/fhir/Patient/p-1"));
        o.getCode().addCoding(new Coding("http://loinc.org", code, null));
        o.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2024-03-01T10:00:00+01:00"));
        o.setValue(value);
        return o;
    }

    @Test
    void anEhrsOwnLoincTotalReadsAsAScoreWithoutOpenRomsExtension() {
        FhirMapper.StandardScore s = MAPPER.standardScore(ehrTotal("44261-6", new org.hl7.fhir.r4.model.IntegerType(14)))
                .orElseThrow();
        assertThat(s.patientId()).isEqualTo("p-1");
        assertThat(s.scale()).isEqualTo("phq9.total");
        assertThat(s.value()).isEqualTo(14.0);
        assertThat(s.occasion()).isEmpty();
        assertThat(s.date()).contains(java.time.LocalDate.of(2024, 3, 1));
        assertThat(MAPPER.standardScore(ehrTotal("70274-6", new org.hl7.fhir.r4.model.Quantity(9))).orElseThrow().scale())
                .isEqualTo("gad7.total");
        // out of range, or not a number: named by its path
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MAPPER.standardScore(ehrTotal("44261-6",
                new org.hl7.fhir.r4.model.IntegerType(30)))).hasMessageContaining("Observation.value")
                .hasMessageContaining("0..27");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MAPPER.standardScore(ehrTotal("44261-6",
                new org.hl7.fhir.r4.model.StringType("14")))).hasMessageContaining("Observation.value");
        // a vital sign is no score; OpenROM's own score Observation is observedScore's
        assertThat(MAPPER.standardScore(ehrTotal("8867-4", new org.hl7.fhir.r4.model.Quantity(70)))).isEmpty();
        Observation own = MAPPER.scoreObservations(REG.get("phq9").score(Administration.builder("p-1", "phq9", 0)
                .answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 0).build()), new Reference("QuestionnaireResponse/1")).get(0);
        assertThat(MAPPER.standardScore(own)).isEmpty();
        assertThat(MAPPER.observedScore(own)).isPresent();
        assertThat(MAPPER.standardScore(ehrTotal("44261-6", new org.hl7.fhir.r4.model.IntegerType(3))
                .setStatus(Observation.ObservationStatus.ENTEREDINERROR))).isEmpty();
    }
}
