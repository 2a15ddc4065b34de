package org.openrom.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Administration;

/**
 * A critical answer is found whatever else is wrong with the response: each shape an EHR was seen to send, which
 * the full reading rejects, still alerts (or says that the critical item could not be read).
 */
class CriticalAnswersTest {
    static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    static final FhirMapper MAPPER = new FhirMapper(FhirContext.forR4(), REG);

    /** OpenROM's own PHQ-9 response with item 9 = {@code q9}, changed by {@code change}. */
    static QuestionnaireResponse phq9(int q9, Consumer<QuestionnaireResponse> change) {
        QuestionnaireResponse qr = MAPPER.questionnaireResponse(Administration.builder("p-1", "phq9", 3)
                .answers("q", 1, 1, 1, 1, 1, 1, 1, 1, q9).build());
        change.accept(qr);
        return qr;
    }

    static QuestionnaireResponseItemComponent item9(QuestionnaireResponse qr) {
        return qr.getItem().stream().filter(i -> i.getLinkId().equals("q9")).findFirst().orElseThrow();
    }

    static CriticalAnswers.Result read(QuestionnaireResponse qr) {
        return MAPPER.critical(qr, "p-1", OptionalInt.of(3));
    }

    static void alertsWith(QuestionnaireResponse qr, int value) {
        CriticalAnswers.Result r = read(qr);
        assertThat(r.alerts()).as("alerts").singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo("phq9-self-harm");
            assertThat(a.value()).hasValue(value);
            assertThat(a.patientId()).isEqualTo("p-1");
            assertThat(a.occasion()).isEqualTo(3);
        });
        assertThat(r.unreadable()).isEmpty();
        // and FhirMapper.alerts, the rejected path of every reader, finds it too
        assertThat(MAPPER.alerts(qr, OptionalInt.of(3))).extracting(x -> x.value().orElse(-1)).containsExactly(value);
    }

    @Test
    void anIntegerOrAnIntegralDecimalDecidesTheAnswer() {
        alertsWith(phq9(0, qr -> item9(qr).getAnswerFirstRep().setValue(new IntegerType(2))), 2);
        alertsWith(phq9(0, qr -> item9(qr).getAnswerFirstRep().setValue(new DecimalType("3.0"))), 3);
        assertThat(read(phq9(0, qr -> item9(qr).getAnswerFirstRep().setValue(new IntegerType(0)))).alerts()).isEmpty();
    }

    @Test
    void aValueThatDecidesNothingIsAnUnreadableCriticalItemNeverSilence() {
        for (var v : List.of(new StringType("2"), new DecimalType("1.5"), new Coding("http://snomed.info/sct", "1", null))) {
            CriticalAnswers.Result r = read(phq9(0, qr -> item9(qr).getAnswerFirstRep().setValue(v)));
            assertThat(r.alerts()).isEmpty();
            assertThat(r.unreadable()).as(v.fhirType()).containsExactly("phq9.q9");
            assertThat(r.instrument()).contains("phq9");
        }
        // an answer without a value is no answer that can be read either
        CriticalAnswers.Result r = read(phq9(0, qr -> item9(qr).getAnswerFirstRep().setValue(null)));
        assertThat(r.unreadable()).containsExactly("phq9.q9");
    }

    @Test
    void aVersionedCanonicalGroupsAnyDepthAndAnotherLinkIdCaseStillAlert() {
        alertsWith(phq9(2, qr -> qr.setQuestionnaire(qr.getQuestionnaire() + "|2.74")), 2);
        alertsWith(phq9(1, qr -> item9(qr).setLinkId("Q9")), 1);
        alertsWith(phq9(3, qr -> item9(qr).setLinkId("phq9/q9")), 3);
        alertsWith(phq9(2, qr -> {
            QuestionnaireResponseItemComponent q9 = item9(qr);
            qr.getItem().remove(q9);
            QuestionnaireResponseItemComponent outer = qr.addItem().setLinkId("page-2");
            outer.addItem().setLinkId("section").addItem().setLinkId("block").addItem(q9);
        }), 2);
        // an item nested under another item's answer
        alertsWith(phq9(1, qr -> {
            QuestionnaireResponseItemComponent q9 = item9(qr);
            qr.getItem().remove(q9);
            qr.getItem().get(0).getAnswerFirstRep().addItem(q9);
        }), 1);
    }

    @Test
    void twoAnswersToTheCriticalItemAlertOnEveryValueThatMeetsTheCondition() {
        CriticalAnswers.Result r = read(phq9(0, qr -> item9(qr).addAnswer().setValue(new IntegerType(2))));
        assertThat(r.alerts()).extracting(a -> a.value().getAsInt()).containsExactly(2);
        // the item given twice
        CriticalAnswers.Result twice = read(phq9(1, qr -> qr.addItem(item9(qr).copy().setAnswer(List.of(
                new QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent().setValue(new IntegerType(3)))))));
        assertThat(twice.alerts()).extracting(a -> a.value().getAsInt()).containsExactly(1, 3);
    }

    @Test
    void everyStatusButEnteredInErrorAlertsAndNoSubjectOrDateIsNeeded() {
        for (var st : List.of(QuestionnaireResponse.QuestionnaireResponseStatus.STOPPED,
                QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS,
                QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED)) {
            alertsWith(phq9(2, qr -> qr.setStatus(st)), 2);
        }
        assertThat(read(phq9(2, qr -> qr.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR)))
                .alerts()).isEmpty();
        QuestionnaireResponse anonymous = phq9(2, qr -> {
            qr.setSubject(null);
            qr.setAuthoredElement(null);
            qr.getExtension().clear();
        });
        assertThat(MAPPER.critical(anonymous, "p-9", OptionalInt.empty()).alerts()).singleElement().satisfies(a -> {
            assertThat(a.patientId()).isEqualTo("p-9");
            assertThat(a.occasion()).isEqualTo(-1);
            assertThat(a.date()).isEmpty();
        });
        // without a subject and rejected, FhirMapper.alerts cannot tell whose alert it is: it says so
        anonymous.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.STOPPED);
        assertThatThrownBy(() -> MAPPER.alerts(anonymous, OptionalInt.of(1))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("QuestionnaireResponse.subject");
    }

    @Test
    void aYearOrAMonthIsNoDay() {
        for (String partial : List.of("2024", "2024-03")) {
            QuestionnaireResponse qr = phq9(1, x -> x.setAuthoredElement(new org.hl7.fhir.r4.model.DateTimeType(partial)));
            assertThat(MAPPER.administration(qr, OptionalInt.empty()).date()).as(partial).isEmpty();
            assertThat(read(qr).alerts()).singleElement().satisfies(a -> assertThat(a.date()).isEmpty());
        }
        QuestionnaireResponse day = phq9(1, x -> x.setAuthoredElement(new org.hl7.fhir.r4.model.DateTimeType("2024-03-05")));
        assertThat(MAPPER.administration(day, OptionalInt.empty()).date()).contains(java.time.LocalDate.of(2024, 3, 5));
    }

    @Test
    void theLoincPanelAlertsByItsCodesAndAnswerCodes() {
        QuestionnaireResponse qr = new QuestionnaireResponse().setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                .setQuestionnaire("http://loinc.org/q/44249-1|2.74").setSubject(new Reference("Patient/p-1"));
        qr.addItem().setLinkId("/44249-1").addItem().setLinkId("/44249-1/44260-8").addAnswer()
                .setValue(new Coding("http://loinc.org", "LA6570-1", "More than half the days"));
        alertsWith(qr, 2);
        // an unknown LOINC answer code on the critical item: unreadable
        qr.getItem().get(0).getItem().get(0).getAnswerFirstRep().setValue(new Coding("http://loinc.org", "LA0000-0", null));
        assertThat(read(qr).unreadable()).containsExactly("phq9.q9");
        // a clinic's coding with an itemWeight extension
        Coding weighted = new Coding("https://clinic.example/answers", "often", null);
        weighted.addExtension(FhirMapper.ITEM_WEIGHT, new DecimalType(3));
        qr.getItem().get(0).getItem().get(0).getAnswerFirstRep().setValue(weighted);
        alertsWith(qr, 3);
    }

    @Test
    void anAbsoluteOrVersionedSubjectNamesThePatient() {
        assertThat(MAPPER.patientOf(new Reference("https://ehr.example/fhir/Patient/p-1"))).contains("p-1");
        assertThat(MAPPER.patientOf(new Reference("Patient/p-1/_history/4"))).contains("p-1");
        assertThat(MAPPER.patientOf(new Reference("https://ehr.example/fhir/Patient/p-1/_history/4"))).contains("p-1");
        assertThat(MAPPER.patientOf(new Reference("Group/g-1"))).isEmpty();
        assertThat(MAPPER.patientOf(new Reference())).isEmpty();
        QuestionnaireResponse qr = phq9(1, x -> x.setSubject(new Reference("https://ehr.example/fhir/Patient/p-1")));
        assertThat(MAPPER.administration(qr, OptionalInt.empty()).patientId()).isEqualTo("p-1");
        List<SafetyAlert> alerts = MAPPER.alerts(qr, OptionalInt.empty());
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.patientId()).isEqualTo("p-1"));
    }
}
