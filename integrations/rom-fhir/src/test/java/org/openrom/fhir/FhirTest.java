package org.openrom.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.score.Administration;

/**
 * The FHIR adapter: round trips, golden JSON per resource kind, HAPI's validator with no errors on everything
 * emitted (including responses against their Questionnaire), and every bad-input case.
 */
class FhirTest {
    static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    static FhirContext ctx;
    static FhirMapper mapper;
    static FhirValidator validator;

    @BeforeAll
    static void setUp() {
        ctx = FhirContext.forR4();
        mapper = new FhirMapper(ctx, REG, java.time.Clock.fixed(java.time.Instant.parse("2024-03-15T09:41:07.250Z"),
                java.time.ZoneOffset.UTC));
        List<Questionnaire> qs = new ArrayList<>();
        for (Instrument i : REG.instruments()) {
            qs.add(mapper.questionnaire(i));
        }
        QuestionnaireSupport questionnaires = new QuestionnaireSupport(ctx, qs);
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx), new InMemoryTerminologyServerValidationSupport(ctx), questionnaires);
        validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    static List<String> errors(IBaseResource r) {
        ValidationResult result = validator.validateWithResult(r);
        List<String> out = new ArrayList<>();
        for (SingleValidationMessage m : result.getMessages()) {
            if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                out.add(m.getLocationString() + ": " + m.getMessage());
            }
        }
        return out;
    }

    static void golden(String name, String actual) throws IOException {
        Path file = Paths.get("src/test/resources/org/openrom/fhir", name);
        if (Boolean.getBoolean("openrom.golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file)).as("golden " + file + " (create with -Dopenrom.golden.update=true)").isTrue();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Administration random(Instrument ins, Random rnd, int occasion) {
        Administration.Builder b = Administration.builder("patient-" + rnd.nextInt(1000), ins.id(), occasion)
                .date(LocalDate.of(2024, 3, 1).plusDays(occasion * 7L));
        for (Item it : ins.items()) {
            if (it.type() == ItemType.ORDINAL) {
                b.answer(it.id(), it.scale().min() + rnd.nextInt(it.scale().max() - it.scale().min() + 1));
            } else if (rnd.nextBoolean()) {
                b.text(it.id(), "some words " + rnd.nextInt(100));
            }
        }
        return b.build();
    }

    @Test
    void theValidatorIsLive() {
        org.hl7.fhir.r4.model.Observation broken = new org.hl7.fhir.r4.model.Observation();
        assertThat(validator.validateWithResult(broken).getMessages()).as("all messages").isNotEmpty();
        assertThat(errors(broken)).isNotEmpty();
        QuestionnaireResponse qr = mapper.questionnaireResponse(random(REG.get("phq9"), new Random(4), 1));
        qr.getItemFirstRep().getAnswerFirstRep().setValue(new Coding(mapper.answerSystem(REG.get("odsis")), "9", "9"));
        assertThat(errors(qr)).as("an answer outside the Questionnaire's options").isNotEmpty();
    }

    @Test
    void everyQuestionnaireValidatesAndCarriesWeightsAndCodes() {
        for (Instrument i : REG.instruments()) {
            Questionnaire q = mapper.questionnaire(i);
            assertThat(errors(q)).as(i.id()).isEmpty();
            assertThat(q.getUrl()).isEqualTo("https://openrom.org/fhir/Questionnaire/" + i.id());
        }
        Questionnaire phq = mapper.questionnaire(REG.get("phq9"));
        assertThat(phq.getCodeFirstRep().getCode()).isEqualTo("44249-1");
        // PHQ-9 speaks LOINC: the item's code and the LA answer code, one weight extension
        assertThat(phq.getItemFirstRep().getCodeFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(phq.getItemFirstRep().getCodeFirstRep().getCode()).isEqualTo("44250-9");
        Questionnaire.QuestionnaireItemAnswerOptionComponent answerOption = phq.getItemFirstRep().getAnswerOption().get(2);
        Coding option = answerOption.getValueCoding();
        assertThat(option.getSystem()).isEqualTo("http://loinc.org");
        assertThat(option.getCode()).isEqualTo("LA6570-1");
        assertThat(option.getDisplay()).isEqualTo("More than half the days");
        // the weight on the answer option, where SDC's ordinal() and fhirpath.js look; the coding a filler copies is bare
        assertThat(answerOption.getExtensionByUrl(FhirMapper.ORDINAL_VALUE).getValue().primitiveValue()).isEqualTo("2");
        assertThat(answerOption.getExtensionByUrl(FhirMapper.ITEM_WEIGHT)).as("R5's name, unknown to a strict R4 server").isNull();
        assertThat(option.getExtension()).isEmpty();
        // Danish through the core translation extension, on the title and each item text
        Questionnaire odsisQ = mapper.questionnaire(REG.get("odsis"));
        Extension da = odsisQ.getItemFirstRep().getTextElement().getExtensionByUrl(FhirMapper.TRANSLATION);
        assertThat(da.getExtensionByUrl("lang").getValue().primitiveValue()).isEqualTo("da");
        assertThat(da.getExtensionByUrl("content").getValue().primitiveValue()).isEqualTo("hyppighed af depression");
        assertThat(odsisQ.getTitleElement().getExtensionByUrl(FhirMapper.TRANSLATION)).isNotNull();
        // an instrument without standard codes has answer codes of its own system: "0" of ODSIS is not "0" of WHO-5
        Coding odsis = mapper.questionnaire(REG.get("odsis")).getItemFirstRep().getAnswerOptionFirstRep().getValueCoding();
        Coding who5 = mapper.questionnaire(REG.get("who5")).getItemFirstRep().getAnswerOptionFirstRep().getValueCoding();
        assertThat(odsis.getSystem()).isEqualTo("https://openrom.org/fhir/CodeSystem/answer-odsis");
        assertThat(who5.getSystem()).isNotEqualTo(odsis.getSystem());
        assertThat(mapper.questionnaire(REG.get("odsis")).getItemFirstRep().getText()).isEqualTo("frequency of depression");
    }

    @Test
    void administrationsRoundTripThroughQuestionnaireResponsesThatValidate() {
        Random rnd = new Random(1);
        for (Instrument i : REG.instruments()) {
            for (int k = 0; k < 5; k++) {
                Administration a = random(i, rnd, k);
                QuestionnaireResponse qr = mapper.questionnaireResponse(a);
                assertThat(errors(qr)).as(i.id()).isEmpty();
                QuestionnaireResponse parsed = mapper.parse(mapper.toJson(qr), QuestionnaireResponse.class);
                assertThat(mapper.administration(parsed, OptionalInt.empty())).isEqualTo(a);
            }
        }
    }

    @Test
    void anExplicitOccasionIsAcceptedAndValueIntegersAndUnknownModifierExtensionsAreNot() {
        QuestionnaireResponse qr = mapper.questionnaireResponse(random(REG.get("odsis"), new Random(2), 3));
        qr.getExtension().clear();
        Administration a = mapper.administration(qr, OptionalInt.of(7));
        assertThat(a.occasion()).isEqualTo(7);
        QuestionnaireResponse integer = qr.copy();
        integer.getItemFirstRep().getAnswerFirstRep().setValue(new IntegerType(4));
        assertThat(errors(integer)).as("HAPI rejects it against OpenROM's Questionnaire too").isNotEmpty();
        assertThatThrownBy(() -> mapper.administration(integer, OptionalInt.of(7)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactly("QuestionnaireResponse.item[0].answer[0].valueInteger"));
        QuestionnaireResponse modified = qr.copy();
        modified.getItem().get(2).getAnswerFirstRep().addModifierExtension(new org.hl7.fhir.r4.model.Extension(
                "https://ehr.example/not-really", new org.hl7.fhir.r4.model.BooleanType(true)));
        modified.addModifierExtension(new org.hl7.fhir.r4.model.Extension("https://ehr.example/entered-in-error",
                new org.hl7.fhir.r4.model.BooleanType(true)));
        assertThatThrownBy(() -> mapper.administration(modified, OptionalInt.of(7)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactlyInAnyOrder("QuestionnaireResponse.modifierExtension",
                                "QuestionnaireResponse.item[2].answer[0].modifierExtension"));
    }

    @Test
    void badResponsesNameTheFhirPath() {
        QuestionnaireResponse qr = mapper.questionnaireResponse(random(REG.get("odsis"), new Random(3), 1));
        qr.getItem().get(1).setLinkId("q9");
        qr.getItem().get(2).getAnswerFirstRep().setValue(new Coding(mapper.answerSystem(REG.get("odsis")), "7", "7"));
        qr.setSubject(null);
        assertThatThrownBy(() -> mapper.administration(qr, OptionalInt.empty()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactlyInAnyOrder("QuestionnaireResponse.subject", "QuestionnaireResponse.item[1].linkId",
                                "QuestionnaireResponse.item[2].answer[0].valueCoding.code"));
        QuestionnaireResponse other = mapper.questionnaireResponse(random(REG.get("odsis"), new Random(3), 1));
        other.setQuestionnaire("http://example.org/Questionnaire/bdi");
        other.getExtension().clear();
        assertThatThrownBy(() -> mapper.administration(other, OptionalInt.empty()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactlyInAnyOrder("QuestionnaireResponse.questionnaire", "QuestionnaireResponse.extension(occasion)"));
        assertThatThrownBy(() -> mapper.parse("{\"resourceType\":\"Patient\"}", QuestionnaireResponse.class))
                .isInstanceOf(org.openrom.core.DataFormatException.class);
        assertThatThrownBy(() -> mapper.parse("{not json", QuestionnaireResponse.class))
                .isInstanceOf(org.openrom.core.DataFormatException.class);
    }

    @Test
    void repeatedItemsSecondOccasionsForeignCodesAndOtherVersionsAreErrors() {
        QuestionnaireResponse qr = mapper.questionnaireResponse(random(REG.get("odsis"), new Random(4), 2));
        qr.addItem(qr.getItem().get(0).copy()); // q1 answered twice: the last answer must not silently win
        qr.addExtension(FhirMapper.OCCASION_EXTENSION, new IntegerType(5));
        qr.getItem().get(1).getAnswerFirstRep().setValue(new Coding("http://snomed.info/sct", "2", "two"));
        assertThatThrownBy(() -> mapper.administration(qr, OptionalInt.empty()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactlyInAnyOrder("QuestionnaireResponse.item[5].linkId",
                                "QuestionnaireResponse.extension(occasion)",
                                "QuestionnaireResponse.item[1].answer[0].valueCoding.system"));
        QuestionnaireResponse unsystematic = mapper.questionnaireResponse(random(REG.get("odsis"), new Random(4), 2));
        ((Coding) unsystematic.getItem().get(0).getAnswerFirstRep().getValue()).setSystem(null);
        assertThatThrownBy(() -> mapper.administration(unsystematic, OptionalInt.empty()))
                .hasMessageContaining("valueCoding.system");
        QuestionnaireResponse v2 = mapper.questionnaireResponse(random(REG.get("odsis"), new Random(4), 2));
        v2.setQuestionnaire(mapper.canonical("odsis") + "|99");
        assertThatThrownBy(() -> mapper.administration(v2, OptionalInt.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("QuestionnaireResponse.questionnaire")
                .hasMessageContaining("the version this OpenROM scores");
    }

    @Test
    void aPatientIdentifierStaysAnIdentifierAndNeverBecomesAResourceIdOrAUrl() {
        String cpr = "urn:oid:1.2.208.176.1.2";
        QuestionnaireResponse qr = mapper.questionnaireResponse(random(REG.get("odsis"), new Random(4), 2));
        qr.setSubject(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(cpr)
                .setValue("0101701234")));
        Administration a = mapper.administration(qr, OptionalInt.empty());
        assertThat(a.patientId()).isEqualTo(cpr + "|0101701234");
        // the same number in another system is another patient; without a system it is a third
        QuestionnaireResponse other = qr.copy();
        other.getSubject().getIdentifier().setSystem("https://other.example/mrn");
        assertThat(mapper.administration(other, OptionalInt.empty()).patientId()).isNotEqualTo(a.patientId());
        QuestionnaireResponse none = qr.copy();
        none.getSubject().getIdentifier().setSystem(null);
        assertThat(mapper.administration(none, OptionalInt.empty()).patientId()).isEqualTo("|0101701234");
        // every resource written for this patient refers to the identifier, system and value as they came
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(REG).rule("deterioration-or-no-change").build();
        MonitorUpdate u = monitor.record(a);
        Bundle b = mapper.transaction(a, u, Optional.empty(), NeedsEngine.loadDefault(REG).taxonomy());
        String json = mapper.toJson(b);
        assertThat(json).doesNotContain("Patient/0101701234").doesNotContain("Patient/" + cpr);
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
            assertThat(e.getRequest().getUrl()).doesNotContain("0101701234");
            assertThat(e.getFullUrl()).doesNotContain("0101701234");
            assertThat(e.getResource().getIdElement().getIdPart()).doesNotContain("0101701234");
            assertThat(errors(e.getResource())).as(e.getResource().fhirType()).isEmpty();
        }
        QuestionnaireResponse back = (QuestionnaireResponse) b.getEntry().get(0).getResource();
        assertThat(back.getSubject().hasReference()).isFalse();
        assertThat(back.getSubject().getIdentifier().getSystem()).isEqualTo(cpr);
        assertThat(back.getSubject().getIdentifier().getValue()).isEqualTo("0101701234");
        assertThat(mapper.administration(back, OptionalInt.empty()).patientId()).isEqualTo(a.patientId());
        // a literal reference stays a literal reference
        QuestionnaireResponse lit = qr.copy();
        lit.setSubject(new Reference("Patient/abc-1"));
        Administration la = mapper.administration(lit, OptionalInt.empty());
        assertThat(la.patientId()).isEqualTo("abc-1");
        assertThat(mapper.questionnaireResponse(la).getSubject().getReference()).isEqualTo("Patient/abc-1");
    }

    @Test
    void issuedAndRecordedAreWhenOpenRomMadeThemNotInventedMidnights() {
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        FhirMapper live = new FhirMapper(ctx, REG);
        Administration a = Administration.builder("p-9", "odsis", 0).answers("q", 1, 1, 1, 1, 1)
                .date(LocalDate.of(2024, 3, 1)).build();
        org.hl7.fhir.r4.model.Observation o = live.scoreObservations(REG.get("odsis").score(a), new Reference("urn:uuid:x"))
                .get(0);
        java.time.Instant after = java.time.Instant.now();
        assertThat(o.getIssued().toInstant()).isBetween(before, after);
        assertThat(o.getIssuedElement().getValueAsString()).endsWith("Z");
        // the effective date keeps its precision: a date, not a dateTime at some midnight
        assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-01");
        org.hl7.fhir.r4.model.Provenance p = live.provenance(List.of(new Reference("urn:uuid:y")), new Reference("urn:uuid:x"),
                a.date());
        assertThat(p.getRecorded().toInstant()).isBetween(before, java.time.Instant.now());
    }

    @Test
    void everyEntryIsIdempotentFlagsAreOnePerRuleAndCloseAndProposalsAreOnePerNeed() {
        Bundle b = notBundle();
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
            Bundle.BundleEntryRequestComponent req = e.getRequest();
            String type = e.getResource().fhirType();
            if (req.getMethod() == Bundle.HTTPVerb.POST) {
                // a conditional create on the resource's own business identifier
                assertThat(req.getIfNoneExist()).as(type).startsWith("identifier=https://openrom.org/fhir/identifier/"
                        + type.toLowerCase(java.util.Locale.ROOT) + "|");
                String value = req.getIfNoneExist().substring(req.getIfNoneExist().indexOf('|') + 1);
                assertThat(mapper.toJson(e.getResource())).as(type).contains("\"value\": \"" + value + "\"");
            } else {
                assertThat(req.getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
                assertThat(type).isIn("Flag", "Provenance");
                assertThat(req.getUrl()).as(type).matches(type.equals("Flag")
                        ? "Flag\\?identifier=https://openrom\\.org/fhir/identifier/flag\\|[0-9a-f-]{36}"
                        : "Provenance/[0-9a-f-]{36}");
            }
        }
        // the same administration twice gives the same conditions: a replay creates nothing new
        assertThat(mapper.toJson(notBundle())).isEqualTo(mapper.toJson(b));
        // a patient NOT, back on track, and NOT again: one Flag identity, closed in between, reopened after
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(REG).rule("deterioration-threshold:threshold=3").build();
        int[][] weeks = {{2, 2, 2, 2, 2}, {3, 3, 3, 3, 2}, {2, 2, 2, 2, 2}, {3, 3, 3, 3, 2}};
        List<String> flagUrls = new ArrayList<>();
        List<Flag.FlagStatus> statuses = new ArrayList<>();
        for (int w = 0; w < weeks.length; w++) {
            Administration a = Administration.builder("p-7", "odsis", w).answers("q", weeks[w])
                    .date(LocalDate.of(2024, 4, 1).plusDays(7L * w)).build();
            Bundle x = mapper.transaction(a, monitor.record(a), Optional.empty(), NeedsEngine.loadDefault(REG).taxonomy());
            assertThat(errors(x)).isEmpty();
            for (Bundle.BundleEntryComponent e : x.getEntry()) {
                if (e.getResource() instanceof Flag f) {
                    flagUrls.add(e.getRequest().getUrl());
                    statuses.add(f.getStatus());
                }
            }
        }
        assertThat(statuses).containsExactly(Flag.FlagStatus.ACTIVE, Flag.FlagStatus.INACTIVE, Flag.FlagStatus.ACTIVE);
        assertThat(flagUrls).hasSize(3).containsOnly(flagUrls.get(0));
    }

    @Test
    void theEhrsOwnResponseIsReferencedNotRepostedAsALossyCopy() {
        Administration a = random(REG.get("odsis"), new Random(6), 0);
        QuestionnaireResponse original = mapper.questionnaireResponse(a);
        original.setId("QuestionnaireResponse/ehr-42");
        original.setEncounter(new Reference("Encounter/e-1"));
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(REG).rule("deterioration-or-no-change").build();
        MonitorUpdate u = monitor.record(a);
        Bundle b = mapper.transaction(original, a, u, Optional.empty(), NeedsEngine.loadDefault(REG).taxonomy());
        assertThat(b.getEntry()).noneMatch(e -> e.getResource() instanceof QuestionnaireResponse);
        assertThat(mapper.toJson(b)).contains("\"reference\": \"QuestionnaireResponse/ehr-42\"");
        // without a server id the original is posted as it came, conditional on its own identifier
        QuestionnaireResponse fresh = mapper.questionnaireResponse(a);
        fresh.setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("https://ehr.example/qr").setValue("777"));
        fresh.setEncounter(new Reference("Encounter/e-2"));
        fresh.setId((String) null); // as sent, before any server stored it
        Bundle c = mapper.transaction(fresh, a, u, Optional.empty(),
                NeedsEngine.loadDefault(REG).taxonomy());
        Bundle.BundleEntryComponent first = c.getEntry().get(0);
        assertThat(first.getRequest().getIfNoneExist()).isEqualTo("identifier=https://ehr.example/qr|777");
        assertThat(((QuestionnaireResponse) first.getResource()).getEncounter().getReference()).isEqualTo("Encounter/e-2");
    }

    @Test
    void interpretationsSayWhatTheRuleFoundAndScoresCarryBandsAbsenceAndMembers() {
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(REG).rule("deterioration-or-no-change:scale=phq9.total")
                .build();
        List<org.hl7.fhir.r4.model.Observation> statuses = new ArrayList<>();
        // a flat PHQ-9: 16, 16, 16, 16 is NOT for no change; it is not "worse"
        for (int w = 0; w < 4; w++) {
            Administration a = Administration.builder("p-flat", "phq9", w).answers("q", 2, 2, 2, 2, 2, 2, 2, 1, 1)
                    .date(LocalDate.of(2024, 5, 1).plusDays(7L * w)).build();
            MonitorUpdate u = monitor.record(a);
            statuses.add(mapper.statusObservation(u.assessments().get(0), a.patientId(), a.date(), List.of()));
        }
        org.hl7.fhir.r4.model.Observation last = statuses.get(3);
        assertThat(mapper.toJson(last)).contains("\"code\": \"no-change\"").doesNotContain("\"W\"")
                .doesNotContain("\"B\"").doesNotContain("referenceRange");
        // one point worse than baseline and on track: no direction at all
        Administration w1 = Administration.builder("p-up", "phq9", 0).answers("q", 2, 2, 2, 2, 2, 2, 2, 1, 1).build();
        Administration w2 = Administration.builder("p-up", "phq9", 1).answers("q", 2, 2, 2, 2, 2, 2, 2, 2, 1).build();
        monitor.record(w1);
        org.hl7.fhir.r4.model.Observation up = mapper.statusObservation(monitor.record(w2).assessments().get(0), "p-up",
                Optional.empty(), List.of());
        assertThat(mapper.toJson(up)).doesNotContain("\"B\"").doesNotContain("\"W\"").contains("\"code\": \"on-track\"");
        // a deterioration is "W"
        Administration w3 = Administration.builder("p-up", "phq9", 2).answers("q", 3, 3, 3, 2, 2, 2, 2, 2, 1).build();
        org.hl7.fhir.r4.model.Observation worse = mapper.statusObservation(monitor.record(w3).assessments().get(0), "p-up",
                Optional.empty(), List.of());
        assertThat(mapper.toJson(worse)).contains("\"code\": \"deterioration\"", "\"code\": \"W\"");
        // scores: the severity band as interpretation; an unscored scale as a data-absent-reason Observation
        Administration full = Administration.builder("p-s", "phq9", 0).answers("q", 2, 2, 2, 2, 2, 2, 2, 2, 2).build();
        org.hl7.fhir.r4.model.Observation phq = mapper.scoreObservations(REG.get("phq9").score(full), new Reference("urn:uuid:x"))
                .get(0);
        assertThat(phq.getInterpretationFirstRep().getText()).isEqualTo(REG.scale("phq9.total").band(18).orElseThrow().label());
        Administration gaps = Administration.builder("p-s", "odsis", 0).answer("q1", 1).build();
        org.hl7.fhir.r4.model.Observation absent = mapper.scoreObservations(REG.get("odsis").score(gaps),
                new Reference("urn:uuid:x")).get(0);
        assertThat(absent.hasValue()).isFalse();
        assertThat(absent.getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("unknown");
        assertThat(errors(absent)).isEmpty();
        // GQ-12's subscales: no total, so no members; an instrument with a total and subscales (PSYCHLOPS) links them
        int linked = 0;
        for (Instrument i : REG.instruments()) {
            if (i.scale("total").isPresent() && i.scales().size() > 1) {
                linked++;
                Administration a = random(i, new Random(9), 0);
                List<org.hl7.fhir.r4.model.Observation> os = mapper.scoreObservations(i.score(a), new Reference("urn:uuid:x"));
                org.hl7.fhir.r4.model.Observation t = os.stream().filter(x -> x.getCode().getCoding().stream()
                        .anyMatch(c -> c.getCode().equals(i.id() + ".total"))).findFirst().orElseThrow();
                assertThat(t.getHasMember()).as(i.id()).hasSize(os.size() - 1);
            }
        }
        assertThat(linked).isPositive();
    }

    @Test
    void aLoincCodedPhq9FromAnEhrScoresCorrectly() {
        // as LHC-Forms and EHRs send it: the LOINC panel, items in a group, LA answer codes, the total item, no
        // OpenROM extension (the occasion is given by the caller)
        String[] la = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
        String[] items = {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"};
        int[] answers = {2, 3, 1, 2, 0, 1, 2, 1, 0};
        StringBuilder json = new StringBuilder("{\"resourceType\": \"QuestionnaireResponse\", \"status\": \"completed\", "
                + "\"questionnaire\": \"http://loinc.org/q/44249-1\", \"subject\": {\"reference\": \"Patient/ehr-5\"}, "
                + "\"authored\": \"2024-06-03T00:30:00+02:00\", \"item\": [{\"linkId\": \"/44249-1\", \"item\": [");
        for (int i = 0; i < items.length; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"linkId\": \"/44249-1/").append(items[i]).append("\", \"answer\": [{"
                    + "\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"").append(la[answers[i]])
                    .append("\"}}]}");
        }
        json.append(", {\"linkId\": \"/44249-1/44261-6\", \"answer\": [{\"valueDecimal\": 12}]}]}]}");
        QuestionnaireResponse qr = mapper.parse(json.toString(), QuestionnaireResponse.class);
        Administration a = mapper.administration(qr, OptionalInt.of(3));
        assertThat(a.instrumentId()).isEqualTo("phq9");
        assertThat(a.patientId()).isEqualTo("ehr-5");
        assertThat(a.occasion()).isEqualTo(3);
        assertThat(a.date()).contains(LocalDate.of(2024, 6, 3)); // 00:30 in Copenhagen stays on its day
        assertThat(REG.get("phq9").score(a).get("phq9.total").orElseThrow().value()).hasValue(12);
        // an answer coded elsewhere scores only through a weight extension; without one it is an error that says so
        QuestionnaireResponse weighted = qr.copy();
        Coding c = (Coding) weighted.getItemFirstRep().getItemFirstRep().getAnswerFirstRep().getValue();
        c.setSystem("https://clinic.example/answers").setCode("often");
        c.addExtension("http://hl7.org/fhir/StructureDefinition/ordinalValue", new org.hl7.fhir.r4.model.DecimalType(2));
        assertThat(REG.get("phq9").score(mapper.administration(weighted, OptionalInt.of(3))).get("phq9.total")
                .orElseThrow().value()).hasValue(12);
        QuestionnaireResponse bare = qr.copy();
        ((Coding) bare.getItemFirstRep().getItemFirstRep().getAnswerFirstRep().getValue())
                .setSystem("http://snomed.info/sct").setCode("12345");
        assertThatThrownBy(() -> mapper.administration(bare, OptionalInt.of(3)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .containsExactly("QuestionnaireResponse.item[0].item[0].answer[0].valueCoding"));
        // an unknown item of the panel, and the map can be switched off
        QuestionnaireResponse extra = qr.copy();
        extra.getItemFirstRep().addItem().setLinkId("/44249-1/99999-9").addAnswer().setValue(new Coding("http://loinc.org",
                "LA6568-5", null));
        assertThatThrownBy(() -> mapper.administration(extra, OptionalInt.of(3))).hasMessageContaining(
                "an item of the mapped form");
        // without the occasion extension the session is derived as the embedder configures it
        assertThat(mapper.administration(qr, Occasions.weeksSince(p -> Optional.of(LocalDate.of(2024, 5, 13))))
                .occasion()).isEqualTo(3); // 2024-06-03 is three weeks after 2024-05-13
        QuestionnaireResponse withEncounter = qr.copy();
        withEncounter.setEncounter(new Reference("Encounter/visit-7"));
        assertThat(mapper.administration(withEncounter, Occasions.byEncounter(e -> e.equals("Encounter/visit-7")
                ? OptionalInt.of(7) : OptionalInt.empty())).occasion()).isEqualTo(7);
        assertThatThrownBy(() -> mapper.administration(qr, Occasions.none())).hasMessageContaining(
                "QuestionnaireResponse.extension(occasion)");
        FhirMapper strict = new FhirMapper(ctx, REG, java.time.Clock.systemUTC(), FormMap.none());
        assertThatThrownBy(() -> strict.administration(qr, OptionalInt.of(3))).hasMessageContaining(
                "QuestionnaireResponse.questionnaire");
        assertThat(FormMap.loadDefault().match("http://loinc.org/q/69737-5")).hasValueSatisfying(
                f -> assertThat(f.instrument()).isEqualTo("gad7"));
    }

    @Test
    void theSdcCalculatedScoreOfACompleteResponseIsOpenRomsScore() {
        org.hl7.fhir.r4.fhirpath.FHIRPathEngine engine = new org.hl7.fhir.r4.fhirpath.FHIRPathEngine(
                new org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext(ctx, new DefaultProfileValidationSupport(ctx)));
        Random rnd = new Random(17);
        int checked = 0;
        for (Instrument ins : REG.instruments()) {
            Questionnaire q = mapper.questionnaire(ins);
            for (int run = 0; run < 5; run++) {
                Administration a = random(ins, rnd, run);
                if (a.answers().size() < ins.items().stream().filter(it -> it.type() != ItemType.TEXT).count()) {
                    continue; // the calculated score is defined for complete responses
                }
                QuestionnaireResponse qr = mapper.questionnaireResponse(a);
                // as a form filler sends it: bare codings; ordinal() finds the weight on the Questionnaire's answer option
                engine.setHostServices(new OrdinalFunction(q, qr));
                org.openrom.core.score.Scores scores = ins.score(a);
                for (Questionnaire.QuestionnaireItemComponent qi : q.getItem()) {
                    if (!qi.getLinkId().startsWith(FhirMapper.SCORE_ITEM_PREFIX)) {
                        continue;
                    }
                    assertThat(qi.getReadOnly()).isTrue();
                    assertThat(qi.getExtensionByUrl(FhirMapper.OBSERVATION_EXTRACT)).isNotNull();
                    String scale = ins.id() + "." + qi.getLinkId().substring(FhirMapper.SCORE_ITEM_PREFIX.length());
                    String expr = ((org.hl7.fhir.r4.model.Expression) qi.getExtensionByUrl(FhirMapper.CALCULATED_EXPRESSION)
                            .getValue()).getExpression();
                    List<org.hl7.fhir.r4.model.Base> got = engine.evaluate(null, qr, qr, qr, engine.parse(expr));
                    org.openrom.core.score.Score expected = scores.scores().stream().filter(x -> x.scale().equals(scale))
                            .findFirst().orElseThrow();
                    assertThat(got).as(scale + ": " + expr).hasSize(1);
                    assertThat(Double.parseDouble(got.get(0).primitiveValue())).as(scale)
                            .isCloseTo(expected.value().getAsDouble(), org.assertj.core.data.Offset.offset(1e-9));
                    checked++;
                }
                // a response that carries the calculated items is read as before
                QuestionnaireResponse filled = mapper.questionnaireResponse(a);
                filled.addItem().setLinkId(FhirMapper.SCORE_ITEM_PREFIX + ins.scales().get(0).id()).addAnswer()
                        .setValue(new org.hl7.fhir.r4.model.DecimalType(99));
                assertThat(mapper.administration(filled, OptionalInt.empty())).isEqualTo(a);
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void scoreObservationsAreReadBackAsScores() {
        Random rnd = new Random(23);
        for (Instrument ins : REG.instruments()) {
            Administration a = random(ins, rnd, 4);
            org.openrom.core.score.Scores scores = ins.score(a);
            List<org.hl7.fhir.r4.model.Observation> obs = mapper.scoreObservations(scores, new Reference("QuestionnaireResponse/1"));
            for (int i = 0; i < obs.size(); i++) {
                // through JSON, as a server would return it
                org.hl7.fhir.r4.model.Observation o = mapper.parse(mapper.toJson(obs.get(i)),
                        org.hl7.fhir.r4.model.Observation.class);
                FhirMapper.ObservedScore back = mapper.observedScore(o).orElseThrow();
                org.openrom.core.score.Score sc = scores.scores().get(i);
                assertThat(back.patientId()).isEqualTo(a.patientId());
                assertThat(back.scale()).isEqualTo(sc.scale());
                assertThat(back.occasion()).isEqualTo(4);
                assertThat(back.date()).isEqualTo(a.date());
                assertThat(back.value()).isEqualTo(sc.value());
            }
        }
        org.hl7.fhir.r4.model.Observation o = mapper.scoreObservations(REG.get("odsis").score(random(REG.get("odsis"),
                rnd, 2)), new Reference("QuestionnaireResponse/1")).get(0);
        // not a score at all, or withdrawn: nothing to read
        assertThat(mapper.observedScore(notBundle().getEntry().stream().map(e -> e.getResource())
                .filter(r -> r instanceof org.hl7.fhir.r4.model.Observation x && x.getCode().getCodingFirstRep().getCode()
                        .equals("rom-progress-status")).map(r -> (org.hl7.fhir.r4.model.Observation) r).findFirst()
                .orElseThrow())).isEmpty();
        assertThat(mapper.observedScore(o.copy().setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.ENTEREDINERROR)))
                .isEmpty();
        // every problem at once, by FHIRPath
        org.hl7.fhir.r4.model.Observation bad = o.copy();
        bad.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.PRELIMINARY);
        bad.getExtension().clear();
        bad.setValue(new org.hl7.fhir.r4.model.Quantity(99));
        bad.setSubject(new Reference());
        assertThatThrownBy(() -> mapper.observedScore(bad)).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).violations()).extracting(Violation::path)
                        .contains("Observation.status", "Observation.subject", "Observation.valueQuantity.value")
                        .anyMatch(f -> f.startsWith("Observation.extension(")));
    }

    @Test
    void strictValidationWithTheModulesOwnDefinitionsFindsNoError() {
        org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport own =
                new org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport(ctx);
        List<org.hl7.fhir.r4.model.MetadataResource> defs = mapper.conformanceResources();
        // the reasons a CDS card offers resolve: a complete code system with every one of them
        org.hl7.fhir.r4.model.CodeSystem reasons = (org.hl7.fhir.r4.model.CodeSystem) defs.stream()
                .filter(d -> d.getUrl().equals(FhirMapper.DEFAULT_BASE + "/CodeSystem/cds-override-reason")).findFirst()
                .orElseThrow();
        assertThat(reasons.getConcept()).extracting(c -> c.getCode())
                .containsExactlyElementsOf(FhirMapper.overrideReasons().keySet());
        assertThat(reasons.getContent()).isEqualTo(org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode.COMPLETE);
        for (org.hl7.fhir.r4.model.MetadataResource r : defs) {
            if (r instanceof org.hl7.fhir.r4.model.StructureDefinition sd) {
                own.addStructureDefinition(sd);
            } else {
                own.addCodeSystem(r);
            }
        }
        List<Questionnaire> qs = new ArrayList<>();
        for (Instrument i : REG.instruments()) {
            qs.add(mapper.questionnaire(i));
        }
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx), own,
                new org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx), new InMemoryTerminologyServerValidationSupport(ctx),
                new QuestionnaireSupport(ctx, qs));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAnyExtensionsAllowed(false); // strict: an extension nobody defined is an error
        // except those of SDC (calculatedExpression, observationExtract): HL7's published IG, not in the core package
        module.setCustomExtensionDomains("http://hl7.org/fhir/uv/sdc/");
        FhirValidator strict = ctx.newValidator().registerValidatorModule(module);
        // the CodeSystems themselves, every Questionnaire and everything a transaction emits; the StructureDefinition is
        // loaded (the validator builds its snapshot to check every occasion extension against it)
        List<IBaseResource> all = new ArrayList<>();
        defs.stream().filter(r -> r instanceof org.hl7.fhir.r4.model.CodeSystem).forEach(all::add);
        all.addAll(qs);
        Bundle b = notBundle();
        all.add(b);
        b.getEntry().forEach(e -> all.add(e.getResource()));
        // batch courses: from administrations, and from score-level data (no responses, no instrument dates); and
        // the Bundle of a PHQ-9 whose item 9 raised an alert
        for (Bundle c : List.of(courseBundle(false), courseBundle(true), alertBundle())) {
            all.add(c);
            c.getEntry().forEach(e -> all.add(e.getResource()));
        }
        assertThat(defs).extracting(r -> r.fhirType()).contains("StructureDefinition", "CodeSystem");
        for (IBaseResource r : all) {
            List<String> errors = new ArrayList<>();
            for (SingleValidationMessage m : strict.validateWithResult(r).getMessages()) {
                if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                    errors.add(m.getLocationString() + ": " + m.getMessage());
                }
            }
            assertThat(errors).as(r.fhirType() + " " + r.getIdElement().getIdPart()).isEmpty();
        }
        // the strictness is real: an extension nobody defined is an error
        QuestionnaireResponse odd = mapper.questionnaireResponse(random(REG.get("odsis"), new Random(8), 1));
        odd.addExtension("https://nobody.example/ext", new org.hl7.fhir.r4.model.StringType("x"));
        assertThat(strict.validateWithResult(odd).getMessages()).anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
    }

    /** A PHQ-9 with item 9 = 1, through the monitor: its transaction Bundle. */
    static Bundle alertBundle() {
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(REG).rule("deterioration-or-no-change:scale=phq9.total")
                .build();
        Administration a = Administration.builder("p-3", "phq9", 0).answers("q", 0, 0, 0, 0, 0, 0, 0, 0, 1)
                .date(LocalDate.of(2024, 6, 3)).build();
        return mapper.transaction(a, monitor.record(a), Optional.empty(), NeedsEngine.loadDefault(REG).taxonomy());
    }

    @Test
    void aCriticalItemBecomesAHighSeverityDetectedIssueAndASafetyFlagWhateverTheRules() {
        Bundle b = alertBundle();
        assertThat(errors(b)).isEmpty();
        org.hl7.fhir.r4.model.DetectedIssue issue = b.getEntry().stream().map(e -> e.getResource())
                .filter(r -> r instanceof org.hl7.fhir.r4.model.DetectedIssue).map(r -> (org.hl7.fhir.r4.model.DetectedIssue) r)
                .findFirst().orElseThrow();
        assertThat(issue.getSeverity()).isEqualTo(org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueSeverity.HIGH);
        assertThat(issue.getCode().getCodingFirstRep().getSystem()).isEqualTo("https://openrom.org/fhir/CodeSystem/rom-alert");
        assertThat(issue.getCode().getCodingFirstRep().getCode()).isEqualTo("phq9-self-harm");
        assertThat(issue.getDetail()).startsWith("PHQ-9 item 9, thoughts of death or self-harm: Several days (1) at session 0");
        assertThat(issue.getEvidenceFirstRep().getDetailFirstRep().getReference()).startsWith("urn:uuid:");
        Bundle.BundleEntryComponent flag = b.getEntry().stream().filter(e -> e.getResource() instanceof Flag).findFirst()
                .orElseThrow();
        assertThat(((Flag) flag.getResource()).getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("safety");
        assertThat(((Flag) flag.getResource()).getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(flag.getRequest().getUrl()).startsWith("Flag?identifier=https://openrom.org/fhir/identifier/flag|");
        // the first PHQ-9 is the baseline: no rule is NOT, the alert is there all the same
        assertThat(b.getEntry().stream().map(e -> e.getResource()).filter(r -> r instanceof org.hl7.fhir.r4.model.DetectedIssue))
                .hasSize(1);
        // a batch course carries it too
        org.openrom.core.history.PatientHistory h = org.openrom.core.history.PatientHistory.of("p-3");
        Administration a = Administration.builder("p-3", "phq9", 0).answers("q", 0, 0, 0, 0, 0, 0, 0, 0, 2).build();
        h = h.append(a, REG.get("phq9").score(a));
        assertThat(mapper.toJson(mapper.course(h, List.of()))).contains("\"phq9-self-harm\"", "\"severity\": \"high\"");
    }

    @Test
    void anAcknowledgedAlertsFlagIsInactiveFromTheAcknowledgementAndValid() {
        Bundle b = alertBundle();
        org.hl7.fhir.r4.model.DetectedIssue issue = b.getEntry().stream().map(e -> e.getResource())
                .filter(r -> r instanceof org.hl7.fhir.r4.model.DetectedIssue).map(r -> (org.hl7.fhir.r4.model.DetectedIssue) r)
                .findFirst().orElseThrow();
        org.openrom.core.safety.SafetyAlert alert = mapper.alerts(mapper.questionnaireResponse(Administration.builder("p-3",
                "phq9", 0).answers("q", 0, 0, 0, 0, 0, 0, 0, 0, 1).date(LocalDate.of(2024, 6, 3)).build()),
                OptionalInt.of(0)).get(0);
        org.hl7.fhir.r4.model.Reference ref = new org.hl7.fhir.r4.model.Reference("DetectedIssue/" + issue.getIdPart());
        Flag open = mapper.alertFlag(org.openrom.core.safety.TrackedAlert.open(alert), ref);
        assertThat(open.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(open.getPeriod().hasEnd()).isFalse();
        Flag done = mapper.alertFlag(new org.openrom.core.safety.TrackedAlert(alert, Optional.of(
                new org.openrom.core.safety.Acknowledgement(alert.id(), "c-17", java.time.Instant.parse("2024-06-03T14:05:00Z"),
                        Optional.of("called-patient")))), ref);
        assertThat(done.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(done.getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-06-03");
        assertThat(done.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-06-03");
        assertThat(mapper.toJson(done)).doesNotContain("c-17", "called");
        assertThat(errors(done)).isEmpty();
    }

    @Test
    void aRejectedResponseStillRaisesTheAlertsOfItsReadableCriticalItems() {
        Administration a = Administration.builder("p-4", "phq9", 1).answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 2).build();
        QuestionnaireResponse qr = mapper.questionnaireResponse(a);
        assertThat(mapper.alerts(qr, OptionalInt.empty())).extracting(x -> x.code()).containsExactly("phq9-self-harm");
        // item 3 answered in a foreign code system: the response is rejected, item 9 still alerts
        qr.getItem().get(2).getAnswerFirstRep().setValue(new Coding("http://snomed.info/sct", "1234", null));
        assertThatThrownBy(() -> mapper.administration(qr, OptionalInt.empty())).isInstanceOf(ValidationException.class);
        assertThat(mapper.alerts(qr, OptionalInt.empty())).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("phq9-self-harm");
            assertThat(x.value()).hasValue(2);
        });
        // and item 9 itself unreadable: nothing to say, rather than a guess
        qr.getItem().get(8).getAnswerFirstRep().setValue(new Coding("http://snomed.info/sct", "5678", null));
        assertThat(mapper.alerts(qr, OptionalInt.empty())).isEmpty();
    }

    /** A course that turns NOT and back, as {@code rom track --format fhir} writes it. */
    static Bundle courseBundle(boolean scoreLevel) {
        int[][] weeks = {{2, 2, 2, 2, 2}, {3, 3, 3, 3, 2}, {2, 2, 2, 2, 2}};
        org.openrom.core.history.PatientHistory h = org.openrom.core.history.PatientHistory.of("p-5");
        for (int w = 0; w < weeks.length; w++) {
            Administration a = Administration.builder("p-5", "odsis", w).answers("q", weeks[w])
                    .date(LocalDate.of(2024, 4, 1).plusDays(7L * w)).build();
            h = scoreLevel ? h.appendScore("odsis.total", w, REG.get("odsis").score(a).scores().get(0).value().getAsDouble())
                    : h.append(a, REG.get("odsis").score(a));
        }
        org.openrom.core.track.TrackRule rule = org.openrom.core.track.RuleRegistry.loadDefault().create(
                "deterioration-threshold:threshold=3", org.openrom.core.track.spi.RuleEnvironment.of(REG));
        return mapper.course(h, rule.evaluate(h.series("odsis.total")));
    }

    @Test
    void aCourseHasScoresStatusesIssuesAndTheFlagsFinalState() {
        for (boolean scoreLevel : new boolean[] {false, true}) {
            Bundle c = courseBundle(scoreLevel);
            assertThat(errors(c)).isEmpty();
            List<String> types = c.getEntry().stream().map(e -> e.getResource().fhirType()).toList();
            assertThat(types.stream().filter(t -> t.equals("QuestionnaireResponse"))).hasSize(scoreLevel ? 0 : 3);
            assertThat(types.stream().filter(t -> t.equals("DetectedIssue"))).hasSize(1);
            assertThat(types.stream().filter(t -> t.equals("Flag"))).hasSize(1);
            assertThat(types.stream().filter(t -> t.equals("Observation"))).hasSize(6); // 3 scores, 3 statuses
            Flag f = (Flag) c.getEntry().stream().map(e -> e.getResource()).filter(r -> r instanceof Flag).findFirst()
                    .orElseThrow();
            assertThat(f.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
            if (!scoreLevel) {
                assertThat(f.getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-04-08");
                assertThat(f.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-04-15");
            }
            // each resource once: a transaction may not touch one twice
            assertThat(c.getEntry().stream().map(e -> e.getRequest().getUrl() + " " + e.getRequest().getIfNoneExist()))
                    .doesNotHaveDuplicates();
        }
    }

    /** Runs one patient to NOT and returns the transaction Bundle of the NOT administration. */
    static Bundle notBundle() {
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(REG).rule("deterioration-or-no-change")
                .rule("expected-response:b0=1,b1=0.9,b2=0.3,b3=-0.3,sigma=2").build();
        NeedsEngine needs = NeedsEngine.loadDefault(REG);
        int[][] weeks = {{3, 3, 2, 2, 2}, {3, 2, 2, 2, 2}, {3, 3, 3, 3, 3}};
        List<Administration> history = new ArrayList<>();
        history.add(Administration.builder("p-001", "homework", 1).answer("q1", 0).date(LocalDate.of(2024, 3, 8)).build());
        MonitorUpdate last = null;
        Administration lastA = null;
        for (int w = 0; w < weeks.length; w++) {
            lastA = Administration.builder("p-001", "odsis", w).answers("q", weeks[w]).date(LocalDate.of(2024, 3, 1).plusDays(7L * w))
                    .build();
            history.add(lastA);
            last = monitor.record(lastA);
        }
        assertThat(last.becameNotOnTrack()).isTrue();
        NeedsAssessment na = new NotReportBuilder(REG, monitor.rules(), needs).administrations(history).build("p-001", 2).needs();
        return mapper.transaction(lastA, last, Optional.of(na), needs.taxonomy());
    }

    @Test
    void theTransactionBundleValidatesAndLinksEverything() {
        Bundle b = notBundle();
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        List<String> types = b.getEntry().stream().map(e -> e.getResource().fhirType()).toList();
        assertThat(types).containsSubsequence("QuestionnaireResponse", "Observation", "Observation", "Flag", "DetectedIssue",
                "ServiceRequest", "Provenance");
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
            assertThat(errors(e.getResource())).as(e.getResource().fhirType()).isEmpty();
            assertThat(e.getFullUrl()).startsWith("urn:uuid:");
        }
        assertThat(errors(b)).isEmpty();
        Resource provenance = b.getEntry().get(b.getEntry().size() - 1).getResource();
        assertThat(((org.hl7.fhir.r4.model.Provenance) provenance).getTarget()).hasSize(b.getEntry().size() - 2);
        assertThat(mapper.toJson(b)).isEqualTo(mapper.toJson(notBundle()));
    }

    @Test
    void goldenJsonForEachResourceKind() throws IOException {
        Bundle b = notBundle();
        golden("questionnaire-phq9.json", mapper.toJson(mapper.questionnaire(REG.get("phq9"))));
        golden("bundle.json", mapper.toJson(b));
        for (String kind : List.of("QuestionnaireResponse", "Observation", "Flag", "DetectedIssue", "ServiceRequest", "Provenance")) {
            Resource r = b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(x -> x.fhirType().equals(kind))
                    .findFirst().orElseThrow();
            golden(kind.toLowerCase(java.util.Locale.ROOT) + ".json", mapper.toJson(r));
        }
        Resource status = b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(x -> x instanceof org.hl7.fhir.r4.model.Observation
                        && ((org.hl7.fhir.r4.model.Observation) x).getCode().getCodingFirstRep().getCode().equals("rom-progress-status"))
                .filter(x -> ((org.hl7.fhir.r4.model.Observation) x).hasComponent()).findFirst().orElseThrow();
        golden("observation-status.json", mapper.toJson(status));
        List<Reference> derived = ((org.hl7.fhir.r4.model.Observation) status).getDerivedFrom();
        assertThat(derived).isNotEmpty();
    }
}
