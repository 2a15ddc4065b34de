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
}
