package org.openrom.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.instrument.Scale;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.needs.CandidateIntervention;
import org.openrom.core.needs.Intervention;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.needs.NeedsTaxonomy;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import org.openrom.core.track.Finding;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;

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
    private static final java.util.regex.Pattern PATIENT_REFERENCE = java.util.regex.Pattern.compile(
            "(?:https?://[^\\s]+/)?Patient/([A-Za-z0-9\\-.]{1,64})(?:/_history/[A-Za-z0-9\\-.]{1,64})?");
    private static final java.util.regex.Pattern INTEGER_CODE = java.util.regex.Pattern.compile("-?[0-9]{1,9}");

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
    /**
     * LOINC's long common names of the panel and total-score codes OpenROM writes (LOINC, Regenstrief Institute):
     * written as the display of those codes, never OpenROM's own labels under LOINC's code.
     */
    private static final java.util.Map<String, String> LOINC_NAMES = java.util.Map.of(
            "44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]",
            "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
            "69737-5", "Generalized anxiety disorder 7 item (GAD-7)",
            "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]");
    /** The finding codes of a measured worsening, the only ones that carry the direction "W". */
    private static final java.util.Set<String> WORSENING = java.util.Set.of("deterioration", "deterioration-since-previous",
            "reliable-deterioration");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final FhirContext context;
    private final InstrumentRegistry instruments;
    private final String base;
    private final String version;
    private final java.time.Clock clock;
    private final FormMap forms;
    private final CriticalAnswers criticalAnswers;

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
        this.forms = Objects.requireNonNull(forms, "forms");
        this.context = Objects.requireNonNull(context, "context");
        this.instruments = Objects.requireNonNull(instruments, "instruments");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.base = DEFAULT_BASE;
        String v = FhirMapper.class.getPackage().getImplementationVersion();
        this.version = v == null ? "0.1.0-SNAPSHOT" : v;
        this.criticalAnswers = new CriticalAnswers(instruments, forms, base + "/Questionnaire/", this::answerSystem);
    }

    /** @return the canonical URL of an instrument's Questionnaire */
    public String canonical(String instrumentId) {
        return base + "/Questionnaire/" + instrumentId;
    }

    /** @return the code system of OpenROM's own codes of a kind: scale, rom-status, rule, intervention, answer */
    public String system(String kind) {
        return base + "/CodeSystem/" + kind;
    }

    // ---- Questionnaire --------------------------------------------------------------------------------------

    /**
     * @param ins an instrument
     * @return its Questionnaire
     */
    public Questionnaire questionnaire(Instrument ins) {
        java.util.Objects.requireNonNull(ins, "ins");
        Questionnaire q = new Questionnaire();
        q.setId(ins.id());
        q.setUrl(canonical(ins.id()));
        q.setVersion(ins.version());
        q.setName(ins.id().replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT));
        q.setTitle(ins.name());
        q.setStatus(Enumerations.PublicationStatus.ACTIVE);
        q.addSubjectType("Patient");
        q.setCopyright(ins.licence());
        q.setDescription(ins.source());
        String loinc = ins.codes().get("loinc");
        if (loinc != null) {
            q.addCode(new Coding(LOINC, loinc, LOINC_NAMES.getOrDefault(loinc, ins.name())));
        }
        Optional<FormMap.Form> standard = forms.forInstrument(ins.id());
        translate(q.getTitleElement(), ins, "name");
        for (Item it : ins.items()) {
            Questionnaire.QuestionnaireItemComponent qi = q.addItem();
            qi.setLinkId(it.id());
            qi.setText(it.text().orElse(it.topic()));
            translate(qi.getTextElement(), ins, it.id());
            qi.setRequired(it.required());
            // the item's standard code (LOINC for PHQ-9 and GAD-7), from the form map
            standard.flatMap(f -> f.items().entrySet().stream().filter(e -> e.getValue().equals(it.id())).map(
                    java.util.Map.Entry::getKey).findFirst()).ifPresent(code -> qi.addCode(new Coding(
                            standard.get().answerSystem(), code, null)));
            if (it.type() == ItemType.TEXT) {
                qi.setType(Questionnaire.QuestionnaireItemType.TEXT);
                continue;
            }
            qi.setType(Questionnaire.QuestionnaireItemType.CHOICE);
            for (int v = it.scale().min(); v <= it.scale().max(); v++) {
                Coding c = answerCoding(ins, it, v);
                // one weight extension: ordinalValue, the R4 core extension (itemWeight is its R5 successor, unknown
                // to a strict R4 server; both are read), on the answer option itself: where SDC's ordinal() and
                // fhirpath.js (LHC-Forms' engine) look for it, not on its valueCoding, which a form filler copies bare
                qi.addAnswerOption().setValue(c).addExtension(ORDINAL_VALUE,
                        new DecimalType(BigDecimal.valueOf(it.scoredValue(v))));
            }
        }
        for (Scale scale : ins.scales()) {
            addScoreItem(q, ins, scale);
        }
        return q;
    }

    /** The SDC extension of a calculated item's FHIRPath expression. */
    public static final String CALCULATED_EXPRESSION =
            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
    /** The SDC extension that asks {@code $extract} for an Observation from an item. */
    public static final String OBSERVATION_EXTRACT =
            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract";
    /** The prefix of the linkId of a calculated score item ({@code score-total}). */
    public static final String SCORE_ITEM_PREFIX = "score-";

    /**
     * A read-only item per scale whose value an SDC renderer calculates (SDC 3.0 {@code calculatedExpression}:
     * {@code factor × sum} or {@code factor × mean} of the answers' {@code ordinal()} weights, which already carry the
     * reverse keying) and that {@code $extract} turns into an Observation ({@code observationExtract}, coded like
     * OpenROM's score Observation). It is calculated only when every item of the scale is answered: OpenROM's own
     * scoring also handles missing answers (proration, minimum answered) and stays the score of record; a response
     * that carries these items is read without them.
     */
    private void addScoreItem(Questionnaire q, Instrument ins, Scale scale) {
        String link = SCORE_ITEM_PREFIX + scale.id();
        if (ins.item(link).isPresent() || scale.itemIds().isEmpty()) {
            return;
        }
        Questionnaire.QuestionnaireItemComponent qi = q.addItem();
        qi.setLinkId(link);
        qi.setText(scale.label() + " score");
        qi.setType(Questionnaire.QuestionnaireItemType.DECIMAL);
        qi.setReadOnly(true);
        String loinc = scale.codes().get("loinc");
        if (loinc != null) {
            qi.addCode(new Coding(LOINC, loinc, LOINC_NAMES.getOrDefault(loinc, scale.label() + " total score")));
        }
        qi.addCode(new Coding(system("scale"), scale.qualifiedId(), scale.label()));
        String ids = scale.itemIds().stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(" | "));
        String answers = "%resource.repeat(item).where(linkId in (" + ids + ")).answer";
        String sum = answers + ".value.ordinal().aggregate($this + $total, 0)";
        int n = scale.itemIds().size();
        String value = scale.aggregation() == org.openrom.core.instrument.Aggregation.MEAN ? "(" + sum + ") / " + n : sum;
        if (scale.factor() != 1) {
            value = "(" + value + ") * " + num(scale.factor());
        }
        org.hl7.fhir.r4.model.Expression e = new org.hl7.fhir.r4.model.Expression().setLanguage("text/fhirpath")
                .setExpression("iif(" + answers + ".count() = " + n + ", " + value + ", {})");
        e.setDescription(scale.label() + ": " + scale.aggregation().name().toLowerCase(java.util.Locale.ROOT)
                + " of the answer weights" + (scale.factor() != 1 ? " times " + num(scale.factor()) : "")
                + ", when all " + n + " items are answered");
        qi.addExtension(CALCULATED_EXPRESSION, e);
        qi.addExtension(OBSERVATION_EXTRACT, new org.hl7.fhir.r4.model.BooleanType(true));
    }

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
        List<org.hl7.fhir.r4.model.MetadataResource> out = new ArrayList<>();
        org.hl7.fhir.r4.model.StructureDefinition sd = new org.hl7.fhir.r4.model.StructureDefinition();
        sd.setId("occasion");
        sd.setUrl(OCCASION_EXTENSION);
        sd.setVersion(version);
        sd.setName("Occasion");
        sd.setTitle("ROM occasion");
        sd.setStatus(Enumerations.PublicationStatus.ACTIVE);
        sd.setDescription("The session of treatment (0 = baseline) an OpenROM QuestionnaireResponse, score or status "
                + "Observation belongs to.");
        sd.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        sd.setKind(org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind.COMPLEXTYPE);
        sd.setAbstract(false);
        sd.addContext().setType(org.hl7.fhir.r4.model.StructureDefinition.ExtensionContextType.ELEMENT)
                .setExpression("QuestionnaireResponse");
        sd.addContext().setType(org.hl7.fhir.r4.model.StructureDefinition.ExtensionContextType.ELEMENT)
                .setExpression("Observation");
        sd.setType("Extension");
        sd.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Extension");
        sd.setDerivation(org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule.CONSTRAINT);
        org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionDifferentialComponent diff = sd.getDifferential();
        diff.addElement().setPath("Extension").setShort("The session (0 = baseline)")
                .setDefinition("The occasion of treatment the response belongs to.").setMax("1").setId("Extension");
        diff.addElement().setPath("Extension.extension").setMax("0").setId("Extension.extension");
        diff.addElement().setPath("Extension.url").setFixed(new org.hl7.fhir.r4.model.UriType(OCCASION_EXTENSION))
                .setId("Extension.url");
        diff.addElement().setPath("Extension.value[x]").setMin(1).addType(
                new org.hl7.fhir.r4.model.ElementDefinition.TypeRefComponent().setCode("integer")).setId("Extension.value[x]");
        out.add(sd);
        out.add(codeSystem("rom-status", "OpenROM track statuses", true, new String[][] {
            {"rom-progress-status", "ROM progress status"}, {"on-track", "on track"}, {"not-on-track", "not on track"},
            {"insufficient-data", "insufficient data"}, {"expected-low", "expected score, lower bound"},
            {"expected-high", "expected score, upper bound"}}));
        List<String[]> scales = new ArrayList<>();
        List<String[]> bands = new ArrayList<>();
        for (Instrument ins : instruments.instruments()) {
            for (Scale sc : ins.scales()) {
                scales.add(new String[] {sc.qualifiedId(), sc.label()});
                for (org.openrom.core.instrument.Band band : sc.bands()) {
                    bands.add(new String[] {sc.qualifiedId() + "-" + num(band.from()), band.label()});
                }
            }
            if (forms.forInstrument(ins.id()).isEmpty()) {
                List<String[]> answers = new ArrayList<>();
                java.util.TreeMap<Integer, String> labels = new java.util.TreeMap<>();
                for (Item it : ins.items()) {
                    if (it.type() != ItemType.TEXT) {
                        for (int v = it.scale().min(); v <= it.scale().max(); v++) {
                            labels.putIfAbsent(v, it.scale().labels().getOrDefault(v, String.valueOf(v)));
                        }
                    }
                }
                labels.forEach((v, l) -> answers.add(new String[] {String.valueOf(v), l}));
                if (!answers.isEmpty()) {
                    org.hl7.fhir.r4.model.CodeSystem cs = codeSystem("answer", "Answers of " + ins.name(), true,
                            answers.toArray(new String[0][]));
                    cs.setUrl(answerSystem(ins));
                    cs.setId("answer-" + ins.id());
                    cs.setName("Answer_" + ins.id().replaceAll("[^A-Za-z0-9]", "_"));
                    out.add(cs);
                }
            }
        }
        out.add(codeSystem("scale", "OpenROM scales", true, scales.toArray(new String[0][])));
        out.add(codeSystem("severity-band", "Severity bands of the instruments' scales", true, bands.toArray(new String[0][])));
        out.add(codeSystem("rom-finding", "What a NOT rule found (extended by rules)", false, new String[0][]));
        out.add(codeSystem("rom-alert", "Safety alerts of critical items (their codes come from instrument definitions)",
                false, new String[0][]));
        out.add(codeSystem("rule", "OpenROM track-status rules (extended by plugins)", false, new String[0][]));
        out.add(codeSystem("intervention", "Add-on interventions of a needs taxonomy", false, new String[0][]));
        return out;
    }

    private org.hl7.fhir.r4.model.CodeSystem codeSystem(String kind, String title, boolean complete, String[][] concepts) {
        org.hl7.fhir.r4.model.CodeSystem cs = new org.hl7.fhir.r4.model.CodeSystem();
        cs.setId(kind);
        cs.setUrl(system(kind));
        cs.setVersion(version);
        cs.setName(kind.replace('-', '_').toUpperCase(java.util.Locale.ROOT));
        cs.setTitle(title);
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setCaseSensitive(true);
        cs.setContent(complete ? org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode.COMPLETE
                : org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode.NOTPRESENT);
        for (String[] c : concepts) {
            cs.addConcept().setCode(c[0]).setDisplay(c[1]);
        }
        return cs;
    }

    // ---- QuestionnaireResponse <-> Administration -------------------------------------------------------------

    /**
     * @param a an administration
     * @return a completed QuestionnaireResponse carrying it (occasion in the {@value #OCCASION_EXTENSION} extension)
     */
    public QuestionnaireResponse questionnaireResponse(Administration a) {
        java.util.Objects.requireNonNull(a, "a");
        Instrument ins = instruments.get(a.instrumentId());
        QuestionnaireResponse qr = new QuestionnaireResponse();
        qr.setId(uuid("qr", a.patientId(), a.instrumentId(), String.valueOf(a.occasion())));
        qr.setQuestionnaire(canonical(ins.id()) + "|" + ins.version());
        qr.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        qr.setSubject(patient(a.patientId()));
        a.date().ifPresent(d -> qr.setAuthoredElement(new DateTimeType(d.toString())));
        qr.addExtension(OCCASION_EXTENSION, new IntegerType(a.occasion()));
        for (Item it : ins.items()) {
            Integer v = a.answers().get(it.id());
            String t = a.texts().get(it.id());
            if (v == null && t == null) {
                continue;
            }
            QuestionnaireResponse.QuestionnaireResponseItemComponent ri = qr.addItem().setLinkId(it.id());
            ri.setText(it.text().orElse(it.topic()));
            if (v != null) {
                ri.addAnswer().setValue(answerCoding(ins, it, v));
            } else {
                ri.addAnswer().setValue(new StringType(t));
            }
        }
        return qr;
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
        java.util.Objects.requireNonNull(qr, "qr");
        java.util.Objects.requireNonNull(occasions, "occasions");
        if (!qr.getExtensionsByUrl(OCCASION_EXTENSION).isEmpty()) {
            return administration(qr, OptionalInt.empty());
        }
        String patient = patientId(qr.getSubject(), new ArrayList<>());
        return administration(qr, occasions.occasionOf(qr, patient));
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
        java.util.Objects.requireNonNull(qr, "qr");
        java.util.Objects.requireNonNull(occasion, "occasion");
        try {
            Administration a = administration(qr, occasion);
            List<org.openrom.core.safety.SafetyAlert> out = new ArrayList<>(instruments.get(a.instrumentId()).alerts(a));
            // what the items say on their own, wherever they are: never less than the full reading
            CriticalAnswers.Result scan = critical(qr, a.patientId(), OptionalInt.of(a.occasion()));
            java.util.Set<String> present = new java.util.HashSet<>(scan.unreadable());
            scan.alerts().forEach(x -> present.add(x.instrumentId() + "." + x.itemId()));
            out.removeIf(x -> x.unanswered() && present.contains(x.instrumentId() + "." + x.itemId()));
            scan.alerts().stream().filter(x -> !out.contains(x)).forEach(out::add);
            return out;
        } catch (ValidationException rejected) {
            List<Violation> v = new ArrayList<>();
            String patient = patientId(qr.getSubject(), v);
            if (patient == null) {
                throw new ValidationException("QuestionnaireResponse", v);
            }
            OptionalInt occ = occasion;
            List<Extension> ext = qr.getExtensionsByUrl(OCCASION_EXTENSION);
            if (ext.size() == 1 && ext.get(0).getValue() instanceof IntegerType it && it.getValue() != null && it.getValue() >= 0) {
                occ = OptionalInt.of(it.getValue());
            }
            return critical(qr, patient, occ).alerts();
        }
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
        java.util.Objects.requireNonNull(qr, "qr");
        java.util.Objects.requireNonNull(patientId, "patientId");
        java.util.Objects.requireNonNull(occasion, "occasion");
        return criticalAnswers.read(qr, patientId, occasion);
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
        java.util.Objects.requireNonNull(qr, "qr");
        OptionalInt occasion = OptionalInt.empty();
        List<Extension> ext = qr.getExtensionsByUrl(OCCASION_EXTENSION);
        if (ext.size() == 1 && ext.get(0).getValue() instanceof IntegerType it && it.getValue() != null && it.getValue() >= 0) {
            occasion = OptionalInt.of(it.getValue());
        }
        Optional<LocalDate> date = Optional.empty();
        Optional<java.time.Instant> recorded = Optional.empty();
        if (qr.hasAuthoredElement() && qr.getAuthoredElement().getValueAsString() != null) {
            String text = qr.getAuthoredElement().getValueAsString();
            // the date as written, in its own offset, never through the JVM's zone
            if (text.length() >= 10) {
                DateTimeType a = qr.getAuthoredElement();
                date = Optional.of(LocalDate.of(a.getYear(), a.getMonth() + 1, a.getDay()));
            }
            if (text.length() > 10) {
                recorded = Optional.of(qr.getAuthored().toInstant());
            }
        }
        if (qr.hasMeta() && qr.getMeta().hasLastUpdated()) {
            recorded = Optional.of(qr.getMeta().getLastUpdated().toInstant());
        }
        Optional<String> encounter = qr.hasEncounter() && qr.getEncounter().hasReference()
                ? Optional.of(qr.getEncounter().getReference()) : Optional.empty();
        return new org.openrom.core.history.HistoryRow.When(occasion, date, recorded, encounter);
    }

    /**
     * The patient a reference names, as OpenROM reads subjects: {@code Patient/{id}} (relative, absolute on any FHIR
     * base, with or without {@code /_history}), or an identifier as {@code system|value}.
     *
     * @param subject a reference
     * @return the patient id, or empty when the reference names none
     */
    public Optional<String> patientOf(Reference subject) {
        return Optional.ofNullable(patientId(subject, "subject", new ArrayList<>()));
    }

    /**
     * @param qr a QuestionnaireResponse of an installed instrument, or of a mapped form ({@link FormMap})
     * @param occasion the occasion, when the response does not carry the {@value #OCCASION_EXTENSION} extension
     * @return the administration
     * @throws ValidationException listing every problem with its FHIR path
     */
    public Administration administration(QuestionnaireResponse qr, OptionalInt occasion) {
        java.util.Objects.requireNonNull(qr, "qr");
        java.util.Objects.requireNonNull(occasion, "occasion");
        List<Violation> v = new ArrayList<>();
        String canonical = qr.getQuestionnaire();
        Instrument ins = null;
        String prefix = base + "/Questionnaire/";
        if (canonical != null && !canonical.startsWith(prefix) && forms.match(canonical).isPresent()) {
            return fromForm(qr, forms.match(canonical).get(), occasion);
        }
        if (canonical == null || !canonical.startsWith(prefix)) {
            v.add(new Violation("QuestionnaireResponse.questionnaire", SafeText.show(canonical),
                    "a canonical URL " + prefix + "{instrument}[|version]"));
        } else {
            String rest = canonical.substring(prefix.length());
            String id = rest.contains("|") ? rest.substring(0, rest.indexOf('|')) : rest;
            ins = instruments.find(id).orElse(null);
            if (ins == null) {
                v.add(new Violation("QuestionnaireResponse.questionnaire", SafeText.show(canonical),
                        "the Questionnaire of an installed instrument: " + instruments.instruments().stream().map(Instrument::id).toList()));
            } else if (rest.contains("|") && !rest.substring(rest.indexOf('|') + 1).equals(ins.version())) {
                // another version of the form may have other items or answer weights: scoring it as this one would be wrong
                v.add(new Violation("QuestionnaireResponse.questionnaire", SafeText.show(canonical),
                        "version " + ins.version() + " of " + canonical(ins.id()) + " (the version this OpenROM scores)"));
                ins = null;
            }
        }
        String patient = patientId(qr.getSubject(), v);
        Integer occ = header(qr, occasion, v);
        Administration.Builder b = ins != null && patient != null && occ != null ? builder(qr, patient, ins, occ) : null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < qr.getItem().size(); i++) {
            QuestionnaireResponse.QuestionnaireResponseItemComponent ri = qr.getItem().get(i);
            String path = "QuestionnaireResponse.item[" + i + "]";
            if (ri.hasModifierExtension()) {
                v.add(new Violation(path + ".modifierExtension", ri.getModifierExtension().get(0).getUrl(),
                        "no modifier extension (OpenROM cannot know how it changes the item)"));
            }
            for (int k = 0; k < ri.getAnswer().size(); k++) {
                if (ri.getAnswer().get(k).hasItem()) {
                    v.add(new Violation(path + ".answer[" + k + "].item", "nested items", "no items nested under an answer"));
                }
                if (ri.getAnswer().get(k).hasModifierExtension()) {
                    v.add(new Violation(path + ".answer[" + k + "].modifierExtension",
                            ri.getAnswer().get(k).getModifierExtension().get(0).getUrl(),
                            "no modifier extension (OpenROM cannot know how it changes the answer)"));
                }
            }
            if (ins == null) {
                break;
            }
            if (ri.getLinkId() != null && ri.getLinkId().startsWith(SCORE_ITEM_PREFIX) && ins.item(ri.getLinkId()).isEmpty()
                    && ins.scale(ri.getLinkId().substring(SCORE_ITEM_PREFIX.length())).isPresent()) {
                continue; // a calculated score item: OpenROM scores the answers itself
            }
            Item it = ins.item(ri.getLinkId()).orElse(null);
            if (it == null) {
                v.add(new Violation(path + ".linkId", SafeText.show(ri.getLinkId()), "an item of " + ins.id() + ": "
                        + ins.items().stream().map(Item::id).toList()));
                continue;
            }
            if (!seen.add(it.id())) {
                v.add(new Violation(path + ".linkId", SafeText.show(ri.getLinkId()), "each item once (it is answered again)"));
                continue;
            }
            if (ri.hasItem()) {
                v.add(new Violation(path + ".item", "nested items", "no nested items"));
            }
            if (ri.getAnswer().size() != 1) {
                if (ri.getAnswer().size() > 1) {
                    v.add(new Violation(path + ".answer", ri.getAnswer().size() + " answers", "one answer"));
                }
                continue;
            }
            Type value = ri.getAnswer().get(0).getValue();
            String vpath = path + ".answer[0].value";
            if (it.type() == ItemType.TEXT) {
                if (value instanceof StringType) {
                    if (b != null) {
                        b.text(it.id(), ((StringType) value).getValue());
                    }
                } else {
                    v.add(new Violation(vpath, value == null ? "missing" : value.fhirType(), "a valueString (free-text item)"));
                }
                continue;
            }
            Integer answer = null;
            Optional<FormMap.Form> standard = forms.forInstrument(ins.id());
            if (value instanceof Coding c && standard.isPresent() && standard.get().answerSystem().equals(c.getSystem())
                    && standard.get().answers().containsKey(c.getCode())) {
                // the instrument's standard answer code (LOINC's LA codes for PHQ-9): its value from the map
                answer = standard.get().answers().get(c.getCode());
                if (b != null && it.scale().contains(answer)) {
                    b.answer(it.id(), answer);
                    continue;
                }
            }
            if (answer == null && value instanceof Coding && !answerSystem(ins).equals(((Coding) value).getSystem())) {
                v.add(new Violation(vpath + "Coding.system", SafeText.show(((Coding) value).getSystem()),
                        "the answer code system " + answerSystem(ins) + " of OpenROM's Questionnaire"
                                + standard.map(f -> " or " + f.answerSystem()).orElse("")));
                continue;
            }
            if (value instanceof IntegerType) {
                // OpenROM's Questionnaire offers codings: a valueInteger does not validate against it
                v.add(new Violation(vpath + "Integer", String.valueOf(((IntegerType) value).getValue()),
                        "a valueCoding of " + answerSystem(ins) + " (the Questionnaire's answer options)"));
                continue;
            }
            if (value instanceof Coding && ((Coding) value).getCode() != null && INTEGER_CODE.matcher(((Coding) value).getCode()).matches()) {
                answer = Integer.parseInt(((Coding) value).getCode());
            }
            if (answer == null || !it.scale().contains(answer)) {
                v.add(new Violation(vpath + (value instanceof Coding ? "Coding.code" : value == null ? "" : "Integer"),
                        value instanceof Coding ? SafeText.show(((Coding) value).getCode())
                                : value instanceof IntegerType ? String.valueOf(answer) : value == null ? "missing" : value.fhirType(),
                        "an answer option " + it.scale().min() + ".." + it.scale().max() + " as valueCoding"));
                continue;
            }
            if (b != null) {
                b.answer(it.id(), answer);
            }
        }
        return finish(b, ins, v);
    }

    /**
     * What every response is checked for besides its items: status completed or amended, no modifier extension,
     * and its occasion (the {@value #OCCASION_EXTENSION} extension, else the given one).
     *
     * @return the occasion, or null (with a violation) when there is none
     */
    private static Integer header(QuestionnaireResponse qr, OptionalInt occasion, List<Violation> v) {
        if (qr.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                && qr.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED) {
            v.add(new Violation("QuestionnaireResponse.status", String.valueOf(qr.getStatus()), "completed or amended"));
        }
        // a modifier extension changes the meaning of what it sits on; one OpenROM does not know cannot be ignored
        if (qr.hasModifierExtension()) {
            v.add(new Violation("QuestionnaireResponse.modifierExtension", qr.getModifierExtension().get(0).getUrl(),
                    "no modifier extension (OpenROM cannot know how it changes the response)"));
        }
        List<Extension> occasions = qr.getExtensionsByUrl(OCCASION_EXTENSION);
        if (occasions.size() > 1) {
            v.add(new Violation("QuestionnaireResponse.extension(occasion)", occasions.size() + " extensions",
                    "one occasion extension"));
            return null;
        }
        if (occasions.size() == 1) {
            if (occasions.get(0).getValue() instanceof IntegerType it && it.getValue() != null && it.getValue() >= 0) {
                return it.getValue();
            }
            v.add(new Violation("QuestionnaireResponse.extension(occasion)", "invalid", "a valueInteger >= 0"));
            return null;
        }
        if (occasion.isPresent()) {
            return occasion.getAsInt();
        }
        v.add(new Violation("QuestionnaireResponse.extension(occasion)", "missing",
                "the occasion extension " + OCCASION_EXTENSION + " or an explicit occasion"));
        return null;
    }

    /** A builder for the response's administration, dated by {@code authored}. */
    private static Administration.Builder builder(QuestionnaireResponse qr, String patient, Instrument ins, int occasion) {
        Administration.Builder b = Administration.builder(patient, ins.id(), occasion);
        if (qr.hasAuthored() && qr.getAuthoredElement().getValueAsString() != null
                && qr.getAuthoredElement().getValueAsString().length() >= 10) {
            // a year or a month is no day (it would read as the 1st); the date as written, in the response's own offset: never through the JVM's default zone (a form
            // answered at 00:30 in Copenhagen, or a date-only value, must not move to the previous day)
            DateTimeType authored = qr.getAuthoredElement();
            b.date(LocalDate.of(authored.getYear(), authored.getMonth() + 1, authored.getDay()));
        }
        return b;
    }

    /** Throws every violation found, else builds and checks the administration against its instrument. */
    private static Administration finish(Administration.Builder b, Instrument ins, List<Violation> v) {
        if (!v.isEmpty()) {
            throw new ValidationException("QuestionnaireResponse", v);
        }
        Administration a = b.build();
        List<Violation> fit = ins.validate(a);
        if (!fit.isEmpty()) {
            List<Violation> mapped = new ArrayList<>();
            for (Violation x : fit) {
                mapped.add(new Violation("QuestionnaireResponse.item(" + x.path().replaceFirst("^(answers|texts)\\.", "") + ")",
                        x.value(), x.expected()));
            }
            throw new ValidationException("QuestionnaireResponse", mapped);
        }
        return a;
    }

    /**
     * The subject of an emitted resource. A patient id read from a subject identifier ({@code system|value}, see
     * {@link #patientId}) goes back out as that identifier (a logical reference, system and value as they came), never
     * as {@code Patient/<value>}: an identifier value (a CPR number) is not a resource id and must not appear in a URL.
     * A resource id goes out as {@code Patient/<id>}; any other OpenROM id (from CSV input) as an identifier in the
     * adapter's own system.
     */
    private Reference patient(String patientId) {
        int bar = patientId.indexOf('|');
        if (bar >= 0) {
            Identifier id = new Identifier().setValue(patientId.substring(bar + 1));
            if (bar > 0) {
                id.setSystem(patientId.substring(0, bar));
            }
            return new Reference().setType("Patient").setIdentifier(id);
        }
        if (FHIR_ID.matcher(patientId).matches()) {
            return new Reference("Patient/" + patientId);
        }
        return new Reference().setType("Patient").setIdentifier(new Identifier().setSystem(base + "/patient")
                .setValue(patientId));
    }

    /**
     * @param ins an instrument
     * @return the code system of its answers in OpenROM's Questionnaire: one per instrument, since "0" on one
     *     instrument is not "0" on another
     */
    public String answerSystem(Instrument ins) {
        java.util.Objects.requireNonNull(ins, "ins");
        return system("answer") + "-" + ins.id();
    }

    /** The core {@code translation} extension on a text, one per language the instrument translates it to. */
    private static void translate(StringType text, Instrument ins, String key) {
        ins.translations().forEach((lang, texts) -> {
            String t = texts.get(key);
            if (t != null) {
                Extension tr = text.addExtension().setUrl(TRANSLATION);
                tr.addExtension("lang", new org.hl7.fhir.r4.model.CodeType(lang));
                tr.addExtension("content", new StringType(t));
            }
        });
    }

    /** An answer as a coding: the instrument's standard code (LOINC) where the form map has one, else OpenROM's. */
    private Coding answerCoding(Instrument ins, Item it, int v) {
        String label = it.scale().labels().getOrDefault(v, String.valueOf(v));
        Optional<FormMap.Form> standard = forms.forInstrument(ins.id());
        if (standard.isPresent()) {
            for (java.util.Map.Entry<String, Integer> e : standard.get().answers().entrySet()) {
                if (e.getValue() == v) {
                    // the code system's own display name (LOINC's), never OpenROM's label under a LOINC code
                    return new Coding(standard.get().answerSystem(), e.getKey(),
                            standard.get().displays().getOrDefault(e.getKey(), label));
                }
            }
        }
        return new Coding(answerSystem(ins), String.valueOf(v), label);
    }

    /** The weight extensions an answer coding may carry (the FHIR core and the SDC one). */
    private static final List<String> WEIGHT_EXTENSIONS = List.of("http://hl7.org/fhir/StructureDefinition/itemWeight",
            "http://hl7.org/fhir/StructureDefinition/ordinalValue");

    /** A response to a mapped form (a LOINC panel, a clinic's own Questionnaire): items and answers through the map. */
    private Administration fromForm(QuestionnaireResponse qr, FormMap.Form form, OptionalInt occasion) {
        List<Violation> v = new ArrayList<>();
        Instrument ins = instruments.find(form.instrument()).orElse(null);
        String canonical = qr.getQuestionnaire();
        if (ins == null) {
            throw new ValidationException("QuestionnaireResponse", List.of(new Violation("QuestionnaireResponse.questionnaire",
                    SafeText.show(canonical), "a form whose instrument " + form.instrument() + " is installed")));
        }
        int bar = canonical.indexOf('|');
        if (bar >= 0 && !form.versions().contains(canonical.substring(bar + 1))) {
            v.add(new Violation("QuestionnaireResponse.questionnaire", SafeText.show(canonical), "a version the form map "
                    + "lists for " + canonical.substring(0, bar) + ": " + form.versions()));
        }
        String patient = patientId(qr.getSubject(), v);
        Integer occ = header(qr, occasion, v);
        Administration.Builder b = patient != null && occ != null ? builder(qr, patient, ins, occ) : null;
        // group items are walked into: the answers are in the leaves
        List<Object[]> leaves = new ArrayList<>();
        collect(qr.getItem(), "QuestionnaireResponse", leaves);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Object[] leaf : leaves) {
            QuestionnaireResponse.QuestionnaireResponseItemComponent ri = (QuestionnaireResponse.QuestionnaireResponseItemComponent) leaf[1];
            String path = (String) leaf[0];
            String link = ri.getLinkId() == null ? "" : ri.getLinkId();
            String key = link.contains("/") ? link.substring(link.lastIndexOf('/') + 1) : link;
            if (form.ignored().contains(link) || form.ignored().contains(key)) {
                continue;
            }
            String itemId = form.items().getOrDefault(link, form.items().get(key));
            Item it = itemId == null ? null : ins.item(itemId).orElse(null);
            if (it == null) {
                v.add(new Violation(path + ".linkId", SafeText.show(link), "an item of the mapped form: "
                        + form.items().keySet()));
                continue;
            }
            if (!seen.add(it.id())) {
                v.add(new Violation(path + ".linkId", SafeText.show(link), "each item once (it is answered again)"));
                continue;
            }
            if (ri.hasModifierExtension()) {
                v.add(new Violation(path + ".modifierExtension", ri.getModifierExtension().get(0).getUrl(),
                        "no modifier extension"));
                continue;
            }
            if (ri.getAnswer().size() != 1) {
                if (ri.getAnswer().size() > 1) {
                    v.add(new Violation(path + ".answer", ri.getAnswer().size() + " answers", "one answer"));
                }
                continue;
            }
            Type value = ri.getAnswer().get(0).getValue();
            String vpath = path + ".answer[0].value";
            Integer weight = null;
            if (value instanceof Coding c) {
                if (form.answerSystem().equals(c.getSystem()) && form.answers().containsKey(c.getCode())) {
                    weight = form.answers().get(c.getCode());
                } else {
                    for (String url : WEIGHT_EXTENSIONS) {
                        Extension w = c.getExtensionByUrl(url);
                        if (w != null && w.getValue() instanceof org.hl7.fhir.r4.model.DecimalType d && d.getValue() != null
                                && d.getValue().stripTrailingZeros().scale() <= 0) {
                            weight = d.getValue().intValueExact();
                            break;
                        }
                    }
                }
            }
            if (weight == null || !it.scale().contains(weight)) {
                v.add(new Violation(vpath + (value instanceof Coding ? "Coding" : value == null ? "" : value.fhirType()),
                        value instanceof Coding c ? SafeText.show(c.getSystem()) + "|" + SafeText.show(c.getCode())
                                : value == null ? "missing" : value.fhirType(),
                        "an answer code of " + form.answerSystem() + " " + form.answers().keySet()
                                + ", or a coding with an itemWeight or ordinalValue extension, worth " + it.scale().min()
                                + ".." + it.scale().max()));
                continue;
            }
            if (b != null) {
                b.answer(it.id(), weight);
            }
        }
        return finish(b, ins, v);
    }

    private static void collect(List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items, String at,
            List<Object[]> out) {
        for (int i = 0; i < items.size(); i++) {
            QuestionnaireResponse.QuestionnaireResponseItemComponent ri = items.get(i);
            String path = at + ".item[" + i + "]";
            if (ri.hasItem() && !ri.hasAnswer()) {
                collect(ri.getItem(), path, out);
            } else {
                out.add(new Object[] {path, ri});
            }
        }
    }

    private String patientId(Reference subject, List<Violation> v) {
        return patientId(subject, "QuestionnaireResponse.subject", v);
    }

    private String patientId(Reference subject, String at, List<Violation> v) {
        if (subject == null || subject.isEmpty()) {
            v.add(new Violation(at, "missing", "a reference to Patient/{id} or a patient identifier"));
            return null;
        }
        String ref = subject.getReference();
        if (ref != null) {
            // relative (Patient/p-1) or absolute on any base (https://ehr.example/fhir/Patient/p-1), maybe versioned
            java.util.regex.Matcher m = PATIENT_REFERENCE.matcher(ref);
            if (m.matches()) {
                return m.group(1);
            }
        }
        if (subject.hasIdentifier() && subject.getIdentifier().hasValue() && !subject.getIdentifier().getValue().isBlank()) {
            // an identifier stays an identifier: system|value (FHIR's token notation), so equal numbers from two
            // systems stay two patients, and the '|' (never in a resource id) keeps it from becoming Patient/<value>
            Identifier id = subject.getIdentifier();
            String system = id.hasSystem() ? id.getSystem() : "";
            if (system.equals(base + "/patient")) {
                return id.getValue(); // the adapter's own system: the OpenROM id it was written from
            }
            return system + "|" + id.getValue();
        }
        v.add(new Violation(at, SafeText.show(ref), "a reference to Patient/{id} or a patient identifier"));
        return null;
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
        java.util.Objects.requireNonNull(scores, "scores");
        Instrument ins = instruments.get(scores.instrumentId());
        List<Observation> out = new ArrayList<>();
        for (Score s : scores.scores()) {
            Scale scale = ins.scale(s.scale()).orElseThrow();
            Observation o = scoreObservation(scores.patientId(), s.scale(), scale, scores.occasion(), scores.date());
            if (!s.isScored()) {
                o.setDataAbsentReason(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/data-absent-reason",
                        "unknown", "Unknown")));
                o.addNote().setText("Not scored: " + s.missingReason().orElse("not enough items answered") + " ("
                        + s.itemsAnswered() + " of " + s.itemsTotal() + " items answered).");
                o.addDerivedFrom(source);
                out.add(o);
                continue;
            }
            scoreValue(o, s.scale(), scale, s.value().getAsDouble());
            if (s.prorated()) {
                o.addNote().setText("Prorated: " + s.itemsAnswered() + " of " + s.itemsTotal() + " items answered.");
            }
            o.addDerivedFrom(source);
            out.add(o);
        }
        // the total lists the instrument's other scales as its members
        Observation total = out.stream().filter(x -> x.getCode().getCoding().stream()
                .anyMatch(c -> c.getCode().equals(scores.instrumentId() + ".total"))).findFirst().orElse(null);
        if (total != null && out.size() > 1) {
            for (Observation member : out) {
                if (member != total) {
                    total.addHasMember(new Reference("urn:uuid:" + member.getIdElement().getIdPart()));
                }
            }
        }
        return out;
    }

    /** A score Observation without its value: identity, code, subject, occasion and dates. */
    private Observation scoreObservation(String patientId, String scaleId, Scale scale, int occasion,
            Optional<LocalDate> date) {
        Observation o = new Observation();
        o.setId(uuid("score", patientId, scaleId, String.valueOf(occasion)));
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "survey", "Survey")));
        CodeableConcept code = new CodeableConcept();
        String loinc = scale == null ? null : scale.codes().get("loinc");
        String label = scale == null ? scaleId : scale.label();
        if (loinc != null) {
            code.addCoding(new Coding(LOINC, loinc, LOINC_NAMES.getOrDefault(loinc, label + " total score")));
        }
        code.addCoding(new Coding(system("scale"), scaleId, label));
        code.setText(label);
        o.setCode(code);
        o.setSubject(patient(patientId));
        o.addExtension(OCCASION_EXTENSION, new IntegerType(occasion));
        // effective: the administration's date with its own precision (a date, never an invented midnight);
        // issued: the instant OpenROM made the score available
        date.ifPresent(d -> o.setEffective(new DateTimeType(d.toString())));
        o.setIssuedElement(now());
        return o;
    }

    /** The score as a Quantity, with the scale's severity band (when it has one) as the interpretation. */
    private void scoreValue(Observation o, String scaleId, Scale scale, double value) {
        o.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("{score}")
                .setSystem("http://unitsofmeasure.org").setCode("{score}"));
        if (scale != null) {
            scale.band(value).ifPresent(band -> o.addInterpretation(new CodeableConcept(new Coding(system("severity-band"),
                    scaleId + "-" + num(band.from()), band.label())).setText(band.label())));
        }
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
        java.util.Objects.requireNonNull(o, "o");
        String scaleId = o.getCode().getCoding().stream().filter(c -> system("scale").equals(c.getSystem()))
                .map(Coding::getCode).findFirst().orElse(null);
        if (scaleId == null || o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || o.getStatus() == Observation.ObservationStatus.CANCELLED) {
            return Optional.empty();
        }
        List<Violation> v = new ArrayList<>();
        scoreStatus(o, v);
        Scale scale = null;
        int dot = scaleId.indexOf('.');
        if (dot > 0) {
            scale = instruments.find(scaleId.substring(0, dot)).flatMap(i -> i.scale(scaleId)).orElse(null);
        }
        if (scale == null) {
            v.add(new Violation("Observation.code.coding", SafeText.show(scaleId), "a scale of an installed instrument"));
        }
        String patient = patientId(o.getSubject(), "Observation.subject", v);
        Integer occasion = null;
        List<Extension> occ = o.getExtensionsByUrl(OCCASION_EXTENSION);
        if (occ.size() != 1 || !(occ.get(0).getValue() instanceof IntegerType it) || it.getValue() == null
                || it.getValue() < 0) {
            v.add(new Violation("Observation.extension(" + OCCASION_EXTENSION + ")", occ.isEmpty() ? "missing"
                    : occ.size() > 1 ? occ.size() + " extensions" : SafeText.show(occ.get(0).getValue() == null ? null
                    : occ.get(0).getValue().primitiveValue()), "one occasion, an integer >= 0"));
        } else {
            occasion = it.getValue();
        }
        java.util.OptionalDouble value = java.util.OptionalDouble.empty();
        if (o.hasValue()) {
            if (!(o.getValue() instanceof Quantity q) || q.getValue() == null) {
                v.add(new Violation("Observation.value", o.getValue().fhirType(), "a Quantity (the score)"));
            } else {
                double x = q.getValue().doubleValue();
                if (scale != null && !(x >= scale.min() && x <= scale.max())) {
                    v.add(new Violation("Observation.valueQuantity.value", q.getValue().toPlainString(), "a score of "
                            + scaleId + " within " + num(scale.min()) + ".." + num(scale.max())));
                } else {
                    value = java.util.OptionalDouble.of(x);
                }
            }
        } else if (!o.hasDataAbsentReason()) {
            v.add(new Violation("Observation.value", "missing", "a score, or a dataAbsentReason"));
        }
        Optional<LocalDate> date = effectiveDay(o);
        if (!v.isEmpty()) {
            throw new ValidationException("Observation", v);
        }
        return Optional.of(new ObservedScore(patient, scale.qualifiedId(), occasion, value, date));
    }

    /** The effective day as written, in its own offset, never through the JVM's zone; a year or a month is no day. */
    private static Optional<LocalDate> effectiveDay(Observation o) {
        String text = o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType().getValueAsString() : null;
        return text != null && text.length() >= 10 ? Optional.of(LocalDate.parse(text.substring(0, 10))) : Optional.empty();
    }

    /** What every score Observation is checked for besides its value: status final, amended or corrected, no modifier. */
    private static void scoreStatus(Observation o, List<Violation> v) {
        if (o.getStatus() != Observation.ObservationStatus.FINAL && o.getStatus() != Observation.ObservationStatus.AMENDED
                && o.getStatus() != Observation.ObservationStatus.CORRECTED) {
            v.add(new Violation("Observation.status", o.getStatus() == null ? "missing" : SafeText.show(o.getStatus().toCode()),
                    "final, amended or corrected"));
        }
        if (o.hasModifierExtension()) {
            v.add(new Violation("Observation.modifierExtension", o.getModifierExtension().get(0).getUrl(),
                    "no modifier extension (OpenROM cannot know how it changes the score)"));
        }
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
        java.util.Objects.requireNonNull(o, "o");
        if (o.getCode().getCoding().stream().anyMatch(c -> system("scale").equals(c.getSystem()))
                || o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || o.getStatus() == Observation.ObservationStatus.CANCELLED) {
            return Optional.empty();
        }
        Scale scale = null;
        for (Coding c : o.getCode().getCoding()) {
            if (LOINC.equals(c.getSystem()) && c.getCode() != null) {
                for (Scale sc : instruments.scales().values()) {
                    if (c.getCode().equals(sc.codes().get("loinc"))) {
                        scale = sc;
                    }
                }
            }
        }
        if (scale == null) {
            return Optional.empty();
        }
        List<Violation> v = new ArrayList<>();
        scoreStatus(o, v);
        String patient = patientId(o.getSubject(), "Observation.subject", v);
        Double value = null;
        if (o.getValue() instanceof Quantity q && q.getValue() != null) {
            value = q.getValue().doubleValue();
        } else if (o.getValue() instanceof IntegerType i && i.getValue() != null) {
            value = i.getValue().doubleValue();
        }
        if (value == null || !(value >= scale.min() && value <= scale.max())) {
            v.add(new Violation(value == null ? "Observation.value" : "Observation.value", value == null
                    ? (o.hasValue() ? o.getValue().fhirType() : "missing") : num(value), "a score of " + scale.qualifiedId()
                    + " within " + num(scale.min()) + ".." + num(scale.max()) + " (valueQuantity or valueInteger)"));
        }
        OptionalInt occasion = OptionalInt.empty();
        List<Extension> occ = o.getExtensionsByUrl(OCCASION_EXTENSION);
        if (occ.size() == 1 && occ.get(0).getValue() instanceof IntegerType it && it.getValue() != null && it.getValue() >= 0) {
            occasion = OptionalInt.of(it.getValue());
        }
        Optional<LocalDate> date = effectiveDay(o);
        if (!v.isEmpty()) {
            throw new ValidationException("Observation", v);
        }
        return Optional.of(new StandardScore(patient, scale.qualifiedId(), occasion, value, date));
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
        java.util.Objects.requireNonNull(a, "a");
        Observation o = new Observation();
        o.setId(uuid("status", patientId, a.rule().spec(), String.valueOf(a.occasion())));
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "survey", "Survey")));
        o.setCode(new CodeableConcept(new Coding(system("rom-status"), "rom-progress-status", "ROM progress status"))
                .setText("ROM progress status"));
        o.setSubject(patient(patientId));
        o.addExtension(OCCASION_EXTENSION, new IntegerType(a.occasion()));
        date.ifPresent(d -> o.setEffective(new DateTimeType(d.toString())));
        String code = a.status() == TrackStatus.ON_TRACK ? "on-track" : a.status() == TrackStatus.NOT_ON_TRACK ? "not-on-track"
                : "insufficient-data";
        o.setValue(new CodeableConcept(new Coding(system("rom-status"), code, code.replace('-', ' '))));
        // what the rule found, in OpenROM's own codes (one per reason); a direction only where the rule measured a
        // worsening (a flat series flagged for no change is not "worse", and being on track is not "better")
        CodeableConcept found = new CodeableConcept();
        for (Finding f : a.reasons()) {
            found.addCoding(new Coding(system("rom-finding"), f.code(), f.code().replace('-', ' ')));
        }
        if (a.reasons().stream().anyMatch(f -> WORSENING.contains(f.code()))) {
            found.addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "W", "Worse"));
        }
        if (!found.getCoding().isEmpty()) {
            o.addInterpretation(found);
        }
        if (a.expectedBand().isPresent()) {
            // the expected band is a pair of numbers beside a coded value: components, not a reference range
            o.addComponent().setCode(new CodeableConcept(new Coding(system("rom-status"), "expected-low",
                    "expected score, lower bound"))).setValue(new Quantity().setValue(BigDecimal.valueOf(
                            a.expectedBand().get().low())).setUnit("{score}").setSystem("http://unitsofmeasure.org")
                            .setCode("{score}"));
            o.addComponent().setCode(new CodeableConcept(new Coding(system("rom-status"), "expected-high",
                    "expected score, upper bound"))).setValue(new Quantity().setValue(BigDecimal.valueOf(
                            a.expectedBand().get().high())).setUnit("{score}").setSystem("http://unitsofmeasure.org")
                            .setCode("{score}"));
        }
        o.setMethod(new CodeableConcept(new Coding(system("rule"), a.rule().id(), a.rule().id()))
                .setText(a.rule().spec() + " (v" + a.rule().version() + ")"));
        for (Finding f : a.reasons()) {
            o.addNote().setText(f.sentence());
        }
        derivedFrom.forEach(o::addDerivedFrom);
        return o;
    }

    /**
     * @param a a NOT_ON_TRACK assessment
     * @param patientId the patient
     * @param date the date, if known
     * @param status the status Observation
     * @return an active clinical Flag pointing at the status Observation with {@code flag-detail}
     */
    public Flag flag(TrackAssessment a, String patientId, Optional<LocalDate> date, Reference status) {
        java.util.Objects.requireNonNull(a, "a");
        Flag f = new Flag();
        // one Flag per patient and rule: it is reactivated, never piled up (the id does not depend on the occasion)
        f.setId(uuid("flag", patientId, a.rule().spec()));
        f.setStatus(Flag.FlagStatus.ACTIVE);
        f.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/flag-category", "clinical",
                "Clinical")));
        f.setCode(new CodeableConcept(new Coding(system("rom-status"), "not-on-track", "not on track"))
                .setText("Not On Track (" + a.rule().id() + ")"));
        f.setSubject(patient(patientId));
        date.ifPresent(d -> f.setPeriod(new Period().setStartElement(new DateTimeType(d.toString()))));
        f.addExtension(FLAG_DETAIL, status);
        return f;
    }

    /**
     * @param a a NOT_ON_TRACK assessment
     * @param patientId the patient
     * @param date the date, if known
     * @param status the status Observation
     * @return a DetectedIssue with the reasons, for decision-support integrations
     */
    public DetectedIssue detectedIssue(TrackAssessment a, String patientId, Optional<LocalDate> date, Reference status) {
        java.util.Objects.requireNonNull(a, "a");
        StringBuilder detail = new StringBuilder();
        for (Finding f : a.reasons()) {
            detail.append(detail.length() == 0 ? "" : " ").append(f.sentence());
        }
        return issue(uuid("issue", patientId, a.rule().spec(), String.valueOf(a.occasion())),
                new CodeableConcept(new Coding(system("rom-status"), "not-on-track", "not on track")), patientId, date,
                detail.toString(), status);
    }

    /** A final DetectedIssue about a patient, with its detail and one piece of evidence. */
    private DetectedIssue issue(String id, CodeableConcept code, String patientId, Optional<LocalDate> date, String detail,
            Reference evidence) {
        DetectedIssue d = new DetectedIssue();
        d.setId(id);
        d.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        d.setCode(code);
        d.setPatient(patient(patientId));
        date.ifPresent(x -> d.setIdentified(new DateTimeType(x.toString())));
        d.setDetail(detail);
        d.addEvidence().addDetail(evidence);
        return d;
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
        java.util.Objects.requireNonNull(alert, "alert");
        java.util.Objects.requireNonNull(source, "source");
        DetectedIssue d = issue(uuid("alert", alert.patientId(), alert.code(), String.valueOf(alert.occasion())),
                new CodeableConcept(new Coding(system("rom-alert"), alert.code(), alert.code().replace('-', ' ')))
                        .setText("Safety alert: " + alert.instrumentId() + " item " + alert.itemId()),
                alert.patientId(), alert.date(), org.openrom.core.safety.AlertWording.neutral().text(alert, "en"), source);
        d.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(alert.severity().code()));
        return d;
    }

    /**
     * A safety alert as a Flag (category {@code safety}), active: one per patient and alert code, written as a
     * conditional update, so a new alert of the same kind reactivates it; it is never closed by OpenROM (a clinician
     * closes it after acting on it).
     *
     * @param alert the alert
     * @param issue the alert's DetectedIssue
     * @return the Flag
     */
    public Flag alertFlag(org.openrom.core.safety.SafetyAlert alert, Reference issue) {
        java.util.Objects.requireNonNull(alert, "alert");
        java.util.Objects.requireNonNull(issue, "issue");
        Flag f = new Flag();
        f.setId(uuid("alert-flag", alert.patientId(), alert.code()));
        f.setStatus(Flag.FlagStatus.ACTIVE);
        f.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/flag-category", "safety",
                "Safety")));
        f.setCode(new CodeableConcept(new Coding(system("rom-alert"), alert.code(), alert.code().replace('-', ' ')))
                .setText("Safety alert (" + alert.severity().code() + "): " + alert.instrumentId() + " item "
                        + alert.itemId()));
        f.setSubject(patient(alert.patientId()));
        alert.date().ifPresent(d -> f.setPeriod(new Period().setStartElement(new DateTimeType(d.toString()))));
        f.addExtension(FLAG_DETAIL, issue);
        return f;
    }

    /** Adds the alert resources of an administration: a DetectedIssue each, and the kind's Flag. */
    private void alerts(Bundle b, List<org.openrom.core.safety.SafetyAlert> alerts, Reference source,
            List<Reference> generated) {
        for (org.openrom.core.safety.SafetyAlert a : alerts) {
            Reference issue = add(b, alertIssue(a, source));
            generated.add(issue);
            generated.add(update(b, alertFlag(a, issue)));
        }
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
        List<ServiceRequest> out = new ArrayList<>();
        for (CandidateIntervention c : needs.interventions()) {
            Intervention iv = taxonomy.interventions().stream().filter(i -> i.id().equals(c.intervention())).findFirst()
                    .orElseThrow();
            ServiceRequest s = new ServiceRequest();
            // one proposal per patient and intervention, whichever Bundle proposes it first
            s.setId(uuid("proposal", needs.patientId(), c.intervention()));
            s.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
            s.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
            s.setCode(new CodeableConcept(new Coding(system("intervention"), iv.id(), iv.label("en"))).setText(iv.label("en")));
            s.setSubject(patient(needs.patientId()));
            date.ifPresent(d -> s.setAuthoredOnElement(new DateTimeType(d.toString())));
            s.addReasonReference(status);
            List<String> labels = c.serves().stream().map(x -> taxonomy.subtheme(x).label("en")).toList();
            s.addNote().setText("Serves possible needs: " + String.join(", ", labels) + " (" + needs.taxonomy()
                    + "; a hypothesis for the clinician, not a diagnosis).");
            out.add(s);
        }
        return out;
    }

    /**
     * @param targets the generated resources
     * @param source the QuestionnaireResponse they derive from
     * @param date the administration date (part of the Provenance's stable id), or empty
     * @return a Provenance naming OpenROM and its version as the agent, recorded at the mapper clock's instant
     */
    public Provenance provenance(List<Reference> targets, Reference source, Optional<LocalDate> date) {
        java.util.Objects.requireNonNull(targets, "targets");
        java.util.Objects.requireNonNull(source, "source");
        java.util.Objects.requireNonNull(date, "date");
        Provenance p = new Provenance();
        // the id follows from what it is about (targets and source), so two patients' Provenances never share one
        List<String> parts = new ArrayList<>(List.of("provenance", source.getReference() == null ? "" : source.getReference(),
                date.map(LocalDate::toString).orElse("")));
        targets.forEach(t -> parts.add(t.getReference() == null ? "" : t.getReference()));
        p.setId(uuid(parts.toArray(new String[0])));
        targets.forEach(p::addTarget);
        p.setRecordedElement(now());
        Provenance.ProvenanceAgentComponent agent = p.addAgent();
        agent.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                "assembler", "Assembler")));
        agent.setWho(new Reference().setDisplay("OpenROM " + version));
        p.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(source);
        return p;
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
        return transaction(null, administration, update, needs, taxonomy);
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
        return transaction(original, administration, update, needs, taxonomy, null);
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
        java.util.Objects.requireNonNull(administration, "administration");
        java.util.Objects.requireNonNull(update, "update");
        java.util.Objects.requireNonNull(needs, "needs");
        java.util.Objects.requireNonNull(taxonomy, "taxonomy");
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.TRANSACTION);
        Optional<LocalDate> date = administration.date();
        Reference qrRef;
        String serverId = original == null || !original.hasIdElement() ? null : original.getIdElement().getIdPart();
        if (serverId != null && !serverId.isBlank() && FHIR_ID.matcher(serverId).matches()
                && !original.getIdElement().getValue().startsWith("urn:")) {
            qrRef = new Reference("QuestionnaireResponse/" + serverId);
        } else if (original != null) {
            QuestionnaireResponse copy = original.copy();
            copy.setId(uuid("qr", administration.patientId(), administration.instrumentId(),
                    String.valueOf(administration.occasion())));
            qrRef = add(b, copy);
        } else {
            qrRef = add(b, questionnaireResponse(administration));
        }
        List<Reference> generated = new ArrayList<>();
        List<Reference> scoreRefs = new ArrayList<>();
        for (Observation o : scoreObservations(update.scores(), qrRef)) {
            Reference r = add(b, o);
            scoreRefs.add(r);
            generated.add(r);
        }
        // safety alerts first among the findings, whatever the rules say
        alerts(b, update.alerts(), qrRef, generated);
        Reference firstNotStatus = null;
        for (TrackAssessment a : update.assessments()) {
            List<Reference> from = new ArrayList<>(scoreRefs);
            from.addAll(baselines(a, administration.patientId(), history));
            Reference sr = add(b, statusObservation(a, administration.patientId(), date, from));
            generated.add(sr);
            boolean became = update.transitions().stream().anyMatch(t -> t.becameNotOnTrack() && t.rule().equals(a.rule()));
            boolean ended = update.transitions().stream().anyMatch(t -> t.rule().equals(a.rule())
                    && t.from().orElse(null) == TrackStatus.NOT_ON_TRACK && t.to() != TrackStatus.NOT_ON_TRACK);
            if (ended) {
                // the status ended: the rule's Flag is closed (a conditional update of the one Flag of this rule)
                Flag f = flag(a, administration.patientId(), Optional.empty(), sr);
                f.setStatus(Flag.FlagStatus.INACTIVE);
                date.ifPresent(d -> f.setPeriod(new Period().setEndElement(new DateTimeType(d.toString()))));
                generated.add(update(b, f));
            }
            if (became) {
                // a conditional update, not a create: the one Flag of this rule is (re)activated
                generated.add(update(b, flag(a, administration.patientId(), date, sr)));
                generated.add(add(b, detectedIssue(a, administration.patientId(), date, sr)));
                if (firstNotStatus == null) {
                    firstNotStatus = sr;
                }
            }
        }
        if (needs.isPresent() && firstNotStatus != null) {
            for (ServiceRequest s : proposals(needs.get(), taxonomy, date, firstNotStatus)) {
                generated.add(add(b, s));
            }
        }
        if (!generated.isEmpty()) {
            add(b, provenance(generated, qrRef, date));
        }
        return b;
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
        java.util.Objects.requireNonNull(history, "history");
        java.util.Objects.requireNonNull(assessments, "assessments");
        String patientId = history.patientId();
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.TRANSACTION);
        java.util.Map<String, java.util.Map<Integer, Reference>> scoreRefs = new java.util.TreeMap<>();
        java.util.Map<Integer, LocalDate> dates = new java.util.TreeMap<>();
        List<Reference> generated = new ArrayList<>();
        List<Raised> alertsOf = new ArrayList<>();
        Reference firstSource = null;
        for (int i = 0; i < history.administrations().size(); i++) {
            Administration adm = history.administrations().get(i);
            adm.date().ifPresent(d -> dates.putIfAbsent(adm.occasion(), d));
            Reference qr = add(b, questionnaireResponse(adm));
            firstSource = firstSource == null ? qr : firstSource;
            for (org.openrom.core.safety.SafetyAlert alert : history.scores().get(i).alerts()) {
                alertsOf.add(new Raised(alert, qr));
            }
            for (Observation o : scoreObservations(history.scores().get(i), qr)) {
                Reference r = add(b, o);
                generated.add(r);
                String scale = o.getCode().getCoding().stream().filter(c -> system("scale").equals(c.getSystem()))
                        .findFirst().orElseThrow().getCode();
                scoreRefs.computeIfAbsent(scale, k -> new java.util.TreeMap<>()).put(adm.occasion(), r);
            }
        }
        for (String scale : history.scales()) {
            if (scoreRefs.containsKey(scale)) {
                continue; // scored from the administrations above
            }
            org.openrom.core.track.ScoreSeries series = history.series(scale);
            Scale installed = instruments.findScale(scale).orElse(null);
            for (int k = 0; k < series.size(); k++) {
                Observation o = scoreObservation(patientId, scale, installed, series.occasion(k),
                        Optional.ofNullable(dates.get(series.occasion(k))));
                scoreValue(o, scale, installed, series.value(k));
                Reference r = add(b, o);
                generated.add(r);
                scoreRefs.computeIfAbsent(scale, x -> new java.util.TreeMap<>()).put(series.occasion(k), r);
            }
        }
        // safety alerts: a DetectedIssue each; one Flag per alert kind, carrying the latest (a transaction touches
        // a resource once)
        java.util.Map<String, Raised> lastOfKind = new java.util.LinkedHashMap<>();
        for (Raised x : alertsOf) {
            Reference issue = add(b, alertIssue(x.alert(), x.reference()));
            generated.add(issue);
            lastOfKind.put(x.alert().code(), new Raised(x.alert(), issue));
        }
        for (Raised x : lastOfKind.values()) {
            generated.add(update(b, alertFlag(x.alert(), x.reference())));
        }
        // per rule, in occasion order: status Observations, a DetectedIssue per turn to NOT, the Flag's final state
        java.util.Map<String, List<TrackAssessment>> byRule = new java.util.LinkedHashMap<>();
        for (TrackAssessment a : assessments) {
            byRule.computeIfAbsent(a.rule().spec(), k -> new ArrayList<>()).add(a);
        }
        for (List<TrackAssessment> list : byRule.values()) {
            list.sort(java.util.Comparator.comparingInt(TrackAssessment::occasion));
            TrackStatus previous = null;
            TrackAssessment lastTurn = null;
            Reference lastTurnStatus = null;
            Reference lastStatus = null;
            for (TrackAssessment a : list) {
                Optional<LocalDate> date = Optional.ofNullable(dates.get(a.occasion()));
                List<Reference> from = new ArrayList<>();
                for (String scale : new java.util.TreeSet<>(a.rule().parameters().values())) {
                    Reference r = scoreRefs.getOrDefault(scale, java.util.Map.of()).get(a.occasion());
                    if (r != null) {
                        from.add(r);
                    }
                }
                from.addAll(baselines(a, patientId, history));
                Reference sr = add(b, statusObservation(a, patientId, date, from));
                generated.add(sr);
                lastStatus = sr;
                if (a.status() == TrackStatus.NOT_ON_TRACK && previous != TrackStatus.NOT_ON_TRACK) {
                    generated.add(add(b, detectedIssue(a, patientId, date, sr)));
                    lastTurn = a;
                    lastTurnStatus = sr;
                }
                previous = a.status();
            }
            if (lastTurn != null) {
                TrackAssessment last = list.get(list.size() - 1);
                Flag f = flag(lastTurn, patientId, Optional.ofNullable(dates.get(lastTurn.occasion())), lastTurnStatus);
                if (last.status() != TrackStatus.NOT_ON_TRACK) {
                    f.setStatus(Flag.FlagStatus.INACTIVE);
                    f.getExtension().clear();
                    f.addExtension(FLAG_DETAIL, lastStatus);
                    LocalDate end = dates.get(last.occasion());
                    if (end != null) {
                        (f.hasPeriod() ? f.getPeriod() : f.setPeriod(new Period()).getPeriod())
                                .setEndElement(new DateTimeType(end.toString()));
                    }
                }
                generated.add(update(b, f));
            }
        }
        if (!generated.isEmpty()) {
            add(b, provenance(generated, firstSource != null ? firstSource : new Reference().setDisplay(
                    "score-level data"), Optional.ofNullable(dates.isEmpty() ? null
                    : ((java.util.TreeMap<Integer, LocalDate>) dates).lastEntry().getValue())));
        }
        return b;
    }

    /** An alert and a resource it goes with (the response that raised it, or its DetectedIssue). */
    private record Raised(org.openrom.core.safety.SafetyAlert alert, Reference reference) {
    }

    /**
     * Logical references to the baseline score Observations of an assessment: for each rule parameter that names a
     * scale of the history, the scale's first occasion, when that is not the assessed one.
     */
    private List<Reference> baselines(TrackAssessment a, String patientId, PatientHistory history) {
        List<Reference> out = new ArrayList<>();
        if (history == null) {
            return out;
        }
        java.util.Set<String> scales = new java.util.TreeSet<>(a.rule().parameters().values());
        scales.retainAll(history.scales());
        for (String scale : scales) {
            org.openrom.core.track.ScoreSeries series = history.series(scale);
            if (series.size() > 0 && series.occasion(0) < a.occasion()) {
                int first = series.occasion(0);
                out.add(new Reference().setIdentifier(new Identifier().setSystem(base + "/identifier/observation")
                        .setValue(uuid("score", patientId, scale, String.valueOf(first))))
                        .setDisplay("baseline score, " + scale + ", occasion " + first));
            }
        }
        return out;
    }

    /**
     * Adds a resource as a conditional create: it carries a stable business identifier (system {@code
     * {base}/identifier/{type}}, value its deterministic id) and the request {@code ifNoneExist} names it, so a retried
     * or replayed Bundle creates nothing twice. A Provenance, which has no identifier, is a PUT of its deterministic id
     * (idempotent on servers that accept client ids).
     */
    private Reference add(Bundle b, Resource r) {
        String url = "urn:uuid:" + r.getIdElement().getIdPart();
        Bundle.BundleEntryRequestComponent req = b.addEntry().setFullUrl(url).setResource(r).getRequest();
        String system = identifierSystem(r);
        if (r instanceof QuestionnaireResponse q && q.hasIdentifier() && q.getIdentifier().hasValue()) {
            // the EHR's own response keeps its own identifier, and that identifier is the condition
            Identifier own = q.getIdentifier();
            req.setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType()).setIfNoneExist("identifier="
                    + (own.hasSystem() ? own.getSystem() + "|" : "") + own.getValue());
        } else if (identify(r, system)) {
            req.setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType()).setIfNoneExist("identifier=" + system + "|"
                    + r.getIdElement().getIdPart());
        } else {
            req.setMethod(Bundle.HTTPVerb.PUT).setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
        }
        return new Reference(url);
    }

    /** Adds a conditional update of the resource with the resource's business identifier. */
    private Reference update(Bundle b, Resource r) {
        String url = "urn:uuid:" + uuid("update", r.fhirType(), r.getIdElement().getIdPart());
        String system = identifierSystem(r);
        identify(r, system);
        r.setId((String) null);
        b.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(r.fhirType() + "?identifier=" + system + "|" + idOf(r, system));
        return new Reference(url);
    }

    /** @return the system of OpenROM's business identifiers of a resource type */
    private String identifierSystem(Resource r) {
        return base + "/identifier/" + r.fhirType().toLowerCase(java.util.Locale.ROOT);
    }

    private static String idOf(Resource r, String system) {
        List<Identifier> ids = r instanceof QuestionnaireResponse q ? List.of(q.getIdentifier()) : identifiers(r);
        for (Identifier i : ids == null ? List.<Identifier>of() : ids) {
            if (system.equals(i.getSystem())) {
                return i.getValue();
            }
        }
        throw new IllegalStateException("no OpenROM identifier on " + r.fhirType());
    }

    /** @return the (modifiable) identifier list of the emitted types that have one, or null */
    private static List<Identifier> identifiers(Resource r) {
        return r instanceof Observation o ? o.getIdentifier() : r instanceof Flag f ? f.getIdentifier()
                : r instanceof DetectedIssue d ? d.getIdentifier() : r instanceof ServiceRequest s ? s.getIdentifier() : null;
    }

    /** Gives the resource its business identifier (its id), once; false for types without identifiers. */
    private static boolean identify(Resource r, String system) {
        String value = r.getIdElement().getIdPart();
        Identifier id = new Identifier().setSystem(system).setValue(value);
        if (r instanceof QuestionnaireResponse q) {
            if (!q.hasIdentifier()) {
                q.setIdentifier(id);
            }
            return true;
        }
        List<Identifier> list = identifiers(r);
        if (list == null) {
            return false;
        }
        if (list.stream().noneMatch(i -> system.equals(i.getSystem()))) {
            list.add(id);
        }
        return true;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String uuid(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The clock's instant, written in UTC ("Z") whatever the JVM's zone, to the millisecond. */
    private InstantType now() {
        InstantType t = new InstantType(Date.from(clock.instant()), ca.uhn.fhir.model.api.TemporalPrecisionEnum.MILLI,
                java.util.TimeZone.getTimeZone(ZoneOffset.UTC));
        t.setTimeZoneZulu(true);
        return t;
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
