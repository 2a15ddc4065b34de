package org.openrom.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.needs.NeedsTaxonomy;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.core.track.TrackAssessment;

/**
 * Maps OpenROM values to and from HL7 FHIR R4 resources (HAPI FHIR models). Immutable and thread-safe.
 * See {@code docs/fhir.md} for every mapping choice.
 *
 * <ul>
 * <li>{@link #questionnaire(Instrument)}: canonical URL {@code {base}/Questionnaire/{id}}, version, items with
 * {@code linkId} = item id, answer options with weights as the {@code itemWeight} and {@code ordinalValue}
 * extensions, LOINC codes where they exist, topics instead of copyrighted wording.</li>
 * <li>{@link #administration(QuestionnaireResponse, OptionalInt)}: by canonical URL and {@code linkId}; answers as
 * {@code valueCoding} (code = the integer; a {@code valueInteger} does not validate against the Questionnaire and is
 * refused), free text as {@code valueString}; an unknown modifier extension is refused; patient from
 * {@code subject} (a reference {@code Patient/id} gives the patient id {@code id}; an identifier gives
 * {@code system|value}, and is written back as that identifier, never as a resource id or in a URL), date from
 * {@code authored}, occasion from the
 * {@value #OCCASION_EXTENSION} extension or the argument. Problems are a {@link ValidationException} whose
 * violation paths are FHIR paths.</li>
 * <li>{@link #scoreObservations}: one Observation per scored scale (subscales are separate Observations), LOINC
 * total-score code where one exists, else the OpenROM scale code system.</li>
 * <li>{@link #statusObservation}, {@link #flag}, {@link #detectedIssue}, {@link #proposals}, {@link #provenance},
 * and {@link #transaction} putting all of them for one administration into one transaction Bundle.</li>
 * </ul>
 */
public final class FhirMapper {
    /** The default canonical base of OpenROM's FHIR artefacts. */
    public static final String DEFAULT_BASE = "https://openrom.org/fhir";
    /** Extension on a QuestionnaireResponse carrying the occasion (valueInteger). */
    public static final String OCCASION_EXTENSION = DEFAULT_BASE + "/StructureDefinition/occasion";
    /** R5 core extension (usable in R4) carrying an answer option's score. */
    public static final String ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight";
    /** R4 extension carrying an answer option's score. */
    public static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    /** R4 extension linking a Flag to its supporting detail. */
    public static final String FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";
    /** The FHIR core extension that carries a text in another language. */
    public static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";
    /** LOINC. */
    public static final String LOINC = "http://loinc.org";

    private final FhirContext context;
    private final Definitions definitions;
    private final Responses responses;
    private final ScoreObservations scoreObservations;
    private final StatusResources statusResources;
    private final Bundles bundles;

    /**
     * A mapper whose {@code Observation.issued} and {@code Provenance.recorded} are the system clock's instant (UTC).
     *
     * @param context an R4 context (create once per application: it is expensive)
     * @param instruments the installed instruments
     */
    public FhirMapper(FhirContext context, InstrumentRegistry instruments) {
        this(context, instruments, java.time.Clock.systemUTC());
    }

    /**
     * @param context an R4 context (create once per application: it is expensive)
     * @param instruments the installed instruments
     * @param clock when OpenROM makes a resource: {@code Observation.issued} and {@code Provenance.recorded} are its
     *     instant, written in UTC; a fixed clock gives the same bytes for the same input (tests, replays)
     */
    public FhirMapper(FhirContext context, InstrumentRegistry instruments, java.time.Clock clock) {
        this(context, instruments, clock, FormMap.loadDefault());
    }

    /**
     * @param context an R4 context
     * @param instruments the installed instruments
     * @param clock when OpenROM makes a resource (see {@link #FhirMapper(FhirContext, InstrumentRegistry, java.time.Clock)})
     * @param forms the other Questionnaires whose responses are read ({@link FormMap#loadDefault()}: the LOINC panels
     *     of PHQ-9 and GAD-7; {@link FormMap#none()}: OpenROM's own only)
     */
    public FhirMapper(FhirContext context, InstrumentRegistry instruments, java.time.Clock clock, FormMap forms) {
        this.context = Objects.requireNonNull(context, "context");
        String v = FhirMapper.class.getPackage().getImplementationVersion();
        MapperSupport.Setup setup = new MapperSupport.Setup(context, Objects.requireNonNull(instruments, "instruments"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(forms, "forms"), DEFAULT_BASE,
                v == null ? "0.1.0-SNAPSHOT" : v);
        this.definitions = new Definitions(setup);
        this.responses = new Responses(setup);
        this.scoreObservations = new ScoreObservations(setup);
        this.statusResources = new StatusResources(setup);
        this.bundles = new Bundles(setup, responses, scoreObservations, statusResources);
    }

    /**
     * The reasons an OpenROM CDS card offers for overriding it, in the {@code cds-override-reason} code system of
     * {@link #conformanceResources()}: code to display, in order.
     *
     * @return the reasons
     */
    public static java.util.Map<String, String> overrideReasons() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("already-addressed", "Already addressed with the patient");
        m.put("clinical-judgement", "Clinical judgement: the patient is progressing");
        m.put("patient-declined", "The patient declined an add-on intervention");
        m.put("data-issue", "The questionnaire data do not reflect the patient's state");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** @return the canonical URL of an instrument's Questionnaire */
    public String canonical(String instrumentId) {
        return definitions.canonical(instrumentId);
    }

    /** @return the code system of OpenROM's own codes of a kind: scale, rom-status, rule, intervention, answer */
    public String system(String kind) {
        return definitions.system(kind);
    }

    // ---- Questionnaire --------------------------------------------------------------------------------------

    /**
     * @param ins an instrument
     * @return its Questionnaire
     */
    public Questionnaire questionnaire(Instrument ins) {
        return definitions.questionnaire(ins);
    }

    /** The SDC extension of a calculated item's FHIRPath expression. */
    public static final String CALCULATED_EXPRESSION =
            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
    /** The SDC extension that asks {@code $extract} for an Observation from an item. */
    public static final String OBSERVATION_EXTRACT =
            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract";
    /** The prefix of the linkId of a calculated score item ({@code score-total}). */
    public static final String SCORE_ITEM_PREFIX = "score-";

    // ---- Conformance resources ---------------------------------------------------------------------------------

    /**
     * The definitions a strict server needs to accept what this mapper writes: the {@code occasion} extension's
     * StructureDefinition and OpenROM's CodeSystems. Closed sets are {@code complete} (statuses, each instrument's
     * answers, scales, severity bands); open sets that rules and taxonomies extend (findings, rules, interventions)
     * are {@code not-present}, so a validator knows the system without claiming to know every code.
     *
     * @return the StructureDefinition and the CodeSystems
     */
    public List<org.hl7.fhir.r4.model.MetadataResource> conformanceResources() {
        return definitions.conformanceResources();
    }

    // ---- QuestionnaireResponse <-> Administration -------------------------------------------------------------

    /**
     * @param a an administration
     * @return a completed QuestionnaireResponse carrying it (occasion in the {@value #OCCASION_EXTENSION} extension)
     */
    public QuestionnaireResponse questionnaireResponse(Administration a) {
        return responses.questionnaireResponse(a);
    }

    /**
     * Reads a response whose session comes from its {@value #OCCASION_EXTENSION} extension or, without one, from
     * the embedder's derivation (weeks since the start of treatment, the encounter's session).
     *
     * @param qr a QuestionnaireResponse of an installed instrument, or of a mapped form ({@link FormMap})
     * @param occasions where the session comes from when the extension is absent
     * @return the administration
     * @throws ValidationException listing every problem with its FHIR path
     */
    public Administration administration(QuestionnaireResponse qr, Occasions occasions) {
        return responses.administration(qr, occasions);
    }

    /**
     * The safety alerts of a response, also when the response as a whole is rejected (an answer in a foreign code
     * system, an item answered twice, a status other than completed): a rejection must not hide a critical answer. A
     * response that reads is its administration's alerts ({@link Instrument#alerts}, unanswered critical items
     * included); one that does not is read by {@link #critical} for its critical items alone.
     *
     * @param qr a QuestionnaireResponse
     * @param occasion the occasion, when the response does not carry the {@value #OCCASION_EXTENSION} extension
     * @return the alerts; empty when nothing in the response can be read as a critical answer
     * @throws ValidationException when the response is rejected and its subject names no patient (use {@link #critical}
     *     with the patient the response was fetched for)
     */
    public List<org.openrom.core.safety.SafetyAlert> alerts(QuestionnaireResponse qr, OptionalInt occasion) {
        return responses.alerts(qr, occasion);
    }

    /**
     * The critical items of a response read on their own ({@link CriticalAnswers}): at any depth of groups, under
     * OpenROM's linkIds or a mapped form's codes (LOINC 44260-8), from any value that decides the answer, in any status
     * but {@code entered-in-error}, whatever the response's date, session, subject or version. Unanswered critical items
     * are not reported here (only a response that reads as a whole can say an item was left out).
     *
     * @param qr a QuestionnaireResponse
     * @param patientId the patient the alerts are about (the one the response was fetched for)
     * @param occasion the session, if known; the {@value #OCCASION_EXTENSION} extension is not read here
     * @return the alerts of the decided answers (occasion -1 when unknown) and the critical items present whose answer
     *     cannot be decided
     */
    public CriticalAnswers.Result critical(QuestionnaireResponse qr, String patientId, OptionalInt occasion) {
        return responses.critical(qr, patientId, occasion);
    }

    /**
     * When a response was answered, as far as it says, for the library's occasion rules
     * ({@link org.openrom.core.history.OccasionRule}): OpenROM's {@value #OCCASION_EXTENSION} extension as the stated
     * session, the {@code authored} day (a year or a month is no day), the instant it was recorded
     * ({@code meta.lastUpdated}, else an {@code authored} with a time), and its encounter.
     *
     * @param qr a QuestionnaireResponse
     * @return its time
     */
    public static org.openrom.core.history.HistoryRow.When when(QuestionnaireResponse qr) {
        return Responses.when(qr);
    }

    /**
     * The patient a reference names, as OpenROM reads subjects: {@code Patient/{id}} (relative, absolute on any FHIR
     * base, with or without {@code /_history}), or an identifier as {@code system|value}.
     *
     * @param subject a reference
     * @return the patient id, or empty when the reference names none
     */
    public Optional<String> patientOf(Reference subject) {
        return responses.patientOf(subject);
    }

    /**
     * @param qr a QuestionnaireResponse of an installed instrument, or of a mapped form ({@link FormMap})
     * @param occasion the occasion, when the response does not carry the {@value #OCCASION_EXTENSION} extension
     * @return the administration
     * @throws ValidationException listing every problem with its FHIR path
     */
    public Administration administration(QuestionnaireResponse qr, OptionalInt occasion) {
        return responses.administration(qr, occasion);
    }

    /**
     * @param ins an instrument
     * @return the code system of its answers in OpenROM's Questionnaire: one per instrument, since "0" on one
     *     instrument is not "0" on another
     */
    public String answerSystem(Instrument ins) {
        return definitions.answerSystem(ins);
    }

    // ---- Observations ----------------------------------------------------------------------------------------

    /**
     * One Observation per scale: a score with the instrument's severity band as {@code interpretation}, or, when the
     * scale could not be scored, a {@code dataAbsentReason} ({@code unknown}) with the reason in a note. When the
     * instrument has a {@code total} and other scales, the total lists the others as {@code hasMember}.
     *
     * @param scores the scores of one administration
     * @param source the QuestionnaireResponse they derive from
     * @return the Observations, in scale order
     */
    public List<Observation> scoreObservations(Scores scores, Reference source) {
        return scoreObservations.scoreObservations(scores, source);
    }

    /**
     * A score read back from a score Observation (as {@link #scoreObservations} writes them, or any Observation coded
     * with OpenROM's scale system and carrying the occasion extension).
     *
     * @param patientId the patient ({@code Patient/id} gives {@code id}; an identifier gives {@code system|value})
     * @param scale the qualified scale id ({@code odsis.total})
     * @param occasion the occasion
     * @param value the score, or empty when the Observation says it could not be scored ({@code dataAbsentReason})
     * @param date the effective date, if given
     */
    public record ObservedScore(String patientId, String scale, int occasion, java.util.OptionalDouble value,
            Optional<LocalDate> date) {
        /** Checks the fields. */
        public ObservedScore {
            java.util.Objects.requireNonNull(patientId, "patientId");
            java.util.Objects.requireNonNull(scale, "scale");
            java.util.Objects.requireNonNull(value, "value");
            java.util.Objects.requireNonNull(date, "date");
        }
    }

    /**
     * Reads a score Observation back as a score, so that a patient's state can be rebuilt from what a FHIR server
     * stored. An Observation that is not an OpenROM score (no code of the {@code scale} system: a status Observation,
     * a vital sign) is not one and gives empty, as does one {@code entered-in-error} or {@code cancelled}.
     *
     * @param o the Observation
     * @return the score, or empty when the Observation is not a (valid) score
     * @throws ValidationException naming every problem by its FHIRPath: a scale that is not installed, a missing or
     *     unreadable occasion or subject, a status other than final, amended or corrected, a value that is not a number
     *     within the scale's range, a modifier extension
     */
    public Optional<ObservedScore> observedScore(Observation o) {
        return scoreObservations.observedScore(o);
    }

    /**
     * A score an EHR stored itself: an Observation coded with a scale's standard code (LOINC 44261-6 for the PHQ-9
     * total, 70274-6 for the GAD-7's) and without OpenROM's scale code, as EHRs and form fillers write them.
     *
     * @param patientId the patient
     * @param scale the OpenROM scale the code stands for
     * @param occasion OpenROM's {@code occasion} extension when the Observation carries one; otherwise the session is
     *     the caller's occasion rule's to derive (from the date)
     * @param value the score
     * @param date the effective day, if given to the day
     */
    public record StandardScore(String patientId, String scale, OptionalInt occasion, double value, Optional<LocalDate> date) {
        /** Checks the fields. */
        public StandardScore {
            java.util.Objects.requireNonNull(patientId, "patientId");
            java.util.Objects.requireNonNull(scale, "scale");
            java.util.Objects.requireNonNull(occasion, "occasion");
            java.util.Objects.requireNonNull(date, "date");
        }
    }

    /**
     * Reads an EHR's own score Observation ({@link StandardScore}). An Observation that carries OpenROM's scale code is
     * read by {@link #observedScore} instead and gives empty here, as does one with no standard score code of an
     * installed scale, or one {@code entered-in-error} or {@code cancelled}.
     *
     * @param o the Observation
     * @return the score, or empty when the Observation is not an EHR's score of an installed scale
     * @throws ValidationException naming every problem by its FHIRPath: a status other than final, amended or
     *     corrected, a value that is not a number ({@code valueQuantity} or {@code valueInteger}) within the scale's
     *     range, a subject that names no patient, a modifier extension
     */
    public Optional<StandardScore> standardScore(Observation o) {
        return scoreObservations.standardScore(o);
    }

    /**
     * @param a an assessment
     * @param patientId the patient
     * @param date the date of the administration, if known
     * @param derivedFrom the score Observations it reads
     * @return the "ROM progress status" Observation
     */
    public Observation statusObservation(TrackAssessment a, String patientId, Optional<LocalDate> date,
            List<Reference> derivedFrom) {
        return statusResources.statusObservation(a, patientId, date, derivedFrom);
    }

    /**
     * @param a a NOT_ON_TRACK assessment
     * @param patientId the patient
     * @param date the date, if known
     * @param status the status Observation
     * @return an active clinical Flag pointing at the status Observation with {@code flag-detail}
     */
    public Flag flag(TrackAssessment a, String patientId, Optional<LocalDate> date, Reference status) {
        return statusResources.flag(a, patientId, date, status);
    }

    /**
     * @param a a NOT_ON_TRACK assessment
     * @param patientId the patient
     * @param date the date, if known
     * @param status the status Observation
     * @return a DetectedIssue with the reasons, for decision-support integrations
     */
    public DetectedIssue detectedIssue(TrackAssessment a, String patientId, Optional<LocalDate> date, Reference status) {
        return statusResources.detectedIssue(a, patientId, date, status);
    }

    /**
     * A safety alert as a DetectedIssue: severity as the alert's ({@code high} for PHQ-9 item 9), code in the
     * {@code rom-alert} system (the alert's code), the clinic-neutral wording as the detail, the response as
     * evidence. One per patient, alert code and occasion.
     *
     * @param alert the alert
     * @param source the QuestionnaireResponse that raised it
     * @return the DetectedIssue
     */
    public DetectedIssue alertIssue(org.openrom.core.safety.SafetyAlert alert, Reference source) {
        return statusResources.alertIssue(alert, source);
    }

    /**
     * A safety alert as a Flag (category {@code safety}), active: one per patient and alert code, written as a
     * conditional update, so a new alert of the same kind reactivates it; it closes when a clinician acknowledges the
     * alert ({@link #alertFlag(org.openrom.core.safety.TrackedAlert, Reference)}).
     *
     * @param alert the alert
     * @param issue the alert's DetectedIssue
     * @return the Flag
     */
    public Flag alertFlag(org.openrom.core.safety.SafetyAlert alert, Reference issue) {
        return statusResources.alertFlag(alert, issue);
    }

    /**
     * A kept alert as its Flag ({@link #alertFlag(org.openrom.core.safety.SafetyAlert, Reference)}): once a clinician has
     * acknowledged it ({@link org.openrom.core.monitor.OutcomeMonitor#acknowledge}), the Flag is inactive and its
     * period ends on the acknowledgement's day (UTC) (who and what stay in the monitor's state and on the pages).
     *
     * @param alert the alert and its acknowledgement
     * @param issue the alert's DetectedIssue
     * @return the Flag
     */
    public Flag alertFlag(org.openrom.core.safety.TrackedAlert alert, Reference issue) {
        return statusResources.alertFlag(alert, issue);
    }

    /**
     * @param needs a needs assessment
     * @param taxonomy its taxonomy (for labels)
     * @param date the date, if known
     * @param status the status Observation the proposals answer
     * @return one draft ServiceRequest (intent proposal) per candidate intervention
     */
    public List<ServiceRequest> proposals(NeedsAssessment needs, NeedsTaxonomy taxonomy, Optional<LocalDate> date,
            Reference status) {
        return statusResources.proposals(needs, taxonomy, date, status);
    }

    /**
     * @param targets the generated resources
     * @param source the QuestionnaireResponse they derive from
     * @param date the administration date (part of the Provenance's stable id), or empty
     * @return a Provenance naming OpenROM and its version as the agent, recorded at the mapper clock's instant
     */
    public Provenance provenance(List<Reference> targets, Reference source, Optional<LocalDate> date) {
        return statusResources.provenance(targets, source, date);
    }

    /**
     * Everything for one administration as one transaction Bundle: the QuestionnaireResponse, score Observations,
     * status Observations, a Flag and a DetectedIssue per rule that turned NOT, proposals when a needs assessment
     * is given, a closing (inactive) update of a rule's Flag when its NOT status ends, and a Provenance for every
     * generated resource. Entries have {@code urn:uuid:} full URLs derived deterministically from the content and
     * reference each other through them. Every entry is idempotent, so a retried or replayed Bundle creates nothing
     * twice: a conditional create ({@code ifNoneExist} on the resource's stable business identifier, system
     * {@code {base}/identifier/{type}}), a conditional update for a closing Flag, a PUT of its id for the Provenance.
     * There is one Flag per patient and rule (reactivated, not piled up) and one ServiceRequest per patient and
     * proposed intervention. The QuestionnaireResponse is rebuilt from the administration; when it came from the
     * EHR, use {@link #transaction(QuestionnaireResponse, Administration, MonitorUpdate, Optional, NeedsTaxonomy)}.
     *
     * @param administration the administration
     * @param update what the monitor returned for it
     * @param needs the needs assessment with its taxonomy, when the patient became NOT
     * @param taxonomy the taxonomy for labels (used only with needs)
     * @return the Bundle
     */
    public Bundle transaction(Administration administration, MonitorUpdate update, Optional<NeedsAssessment> needs,
            NeedsTaxonomy taxonomy) {
        return bundles.transaction(administration, update, needs, taxonomy);
    }

    /**
     * The transaction Bundle for an administration that came as a QuestionnaireResponse from the EHR: the original
     * response is referenced, never re-posted as a rebuilt copy. When it has a server id ({@code
     * QuestionnaireResponse/123}) the generated resources refer to that id and the Bundle does not contain it; without
     * one, it is posted as it came (its identifier, encounter, author, source and time kept), conditional on its own
     * identifier when it has one.
     *
     * @param original the response the administration was read from
     * @param administration the administration (as {@link #administration} read it)
     * @param update what the monitor returned for it
     * @param needs the needs assessment, when the patient became NOT
     * @param taxonomy the taxonomy the needs come from
     * @return the Bundle
     */
    public Bundle transaction(QuestionnaireResponse original, Administration administration, MonitorUpdate update,
            Optional<NeedsAssessment> needs, NeedsTaxonomy taxonomy) {
        return bundles.transaction(original, administration, update, needs, taxonomy);
    }

    /**
     * As {@link #transaction(QuestionnaireResponse, Administration, MonitorUpdate, Optional, NeedsTaxonomy)}, and each
     * status Observation is also {@code derivedFrom} the baseline: the score Observation of the first occasion of each
     * scale its rule reads (a rule parameter naming a scale of the history), referenced by its business identifier
     * (it was written by an earlier Bundle, so the reference is logical and resolves on the server).
     *
     * @param original the response the administration was read from, or null to rebuild one
     * @param administration the administration
     * @param update what the monitor returned for it
     * @param needs the needs assessment, when the patient became NOT
     * @param taxonomy the taxonomy the needs come from
     * @param history the patient's scored history including this administration ({@link
     *     org.openrom.core.monitor.OutcomeMonitor#history}, or {@link PatientHistory#score}), or null for no baseline
     * @return the Bundle
     */
    public Bundle transaction(QuestionnaireResponse original, Administration administration, MonitorUpdate update,
            Optional<NeedsAssessment> needs, NeedsTaxonomy taxonomy, PatientHistory history) {
        return bundles.transaction(original, administration, update, needs, taxonomy, history);
    }

    /**
     * A patient's whole course as one transaction Bundle, for batch results ({@code rom track --format fhir}): a
     * QuestionnaireResponse and score Observations per administration (score-level data: a score Observation per
     * score), a status Observation per assessment (derived from the scores of its occasion and the baseline), a
     * DetectedIssue each time a rule turned NOT, and one Flag per rule that was ever NOT, active when the rule's last
     * assessment is NOT and inactive (with the end of its period) when the patient is back on track. The resources
     * have the identifiers the live path ({@link #transaction}) gives them, so a course posted after, before or
     * instead of the live Bundles creates nothing twice; a transaction touches each resource once, so the Flag
     * carries its final state. No proposals: they come from a needs assessment ({@link #transaction}).
     *
     * @param history the patient's history (administrations with their scores, or score-level scores)
     * @param assessments the rules' assessments of this patient, in any order
     * @return the Bundle
     */
    public Bundle course(PatientHistory history, List<TrackAssessment> assessments) {
        return bundles.course(history, assessments);
    }

    // ---- JSON ------------------------------------------------------------------------------------------------

    /** @return the resource as JSON (pretty-printed, deterministic for the same resource) */
    public String toJson(IBaseResource resource) {
        java.util.Objects.requireNonNull(resource, "resource");
        return context.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource);
    }

    /**
     * @param json a FHIR JSON document
     * @param type the expected resource type
     * @param <T> the type
     * @return the resource
     * @throws org.openrom.core.DataFormatException when it is not valid FHIR JSON of that type
     */
    public <T extends IBaseResource> T parse(String json, Class<T> type) {
        java.util.Objects.requireNonNull(json, "json");
        java.util.Objects.requireNonNull(type, "type");
        IParser p = context.newJsonParser();
        try {
            if (java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                // a general type (Resource): whatever resourceType the document names, if it is one
                IBaseResource r = p.parseResource(json);
                if (!type.isInstance(r)) {
                    throw new IllegalArgumentException("a " + r.fhirType() + " is not a " + type.getSimpleName());
                }
                return type.cast(r);
            }
            return p.parseResource(type, json);
        } catch (DataFormatException | ClassCastException | IllegalArgumentException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new org.openrom.core.DataFormatException("<fhir>", 0, 0, "not a FHIR " + type.getSimpleName() + ": "
                    + (m.length() > 200 ? m.substring(0, 200) + "…" : m), e);
        }
    }
}
