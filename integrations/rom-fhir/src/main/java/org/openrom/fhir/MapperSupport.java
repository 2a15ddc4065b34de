package org.openrom.fhir;

import static org.openrom.fhir.FhirMapper.LOINC;
import static org.openrom.fhir.FhirMapper.TRANSLATION;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.openrom.core.SafeText;
import org.openrom.core.Violation;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;

/**
 * What every part of {@link FhirMapper} shares: the settings, OpenROM's code systems and identifiers, patients as
 * references, answers as codings, deterministic ids and the clock.
 */
abstract class MapperSupport {
    /** The settings of a mapper, shared by its parts. */
    record Setup(FhirContext context, InstrumentRegistry instruments, java.time.Clock clock, FormMap forms, String base,
            String version) {
    }

    final FhirContext context;
    final InstrumentRegistry instruments;
    final java.time.Clock clock;
    final FormMap forms;
    final String base;
    final String version;

    MapperSupport(Setup setup) {
        this.context = setup.context();
        this.instruments = setup.instruments();
        this.clock = setup.clock();
        this.forms = setup.forms();
        this.base = setup.base();
        this.version = setup.version();
    }

    /** @return the canonical URL of an instrument's Questionnaire */
    final String canonical(String instrumentId) {
        return base + "/Questionnaire/" + instrumentId;
    }

    /** @return the code system of OpenROM's own codes of a kind: scale, rom-status, rule, intervention, answer */
    final String system(String kind) {
        return base + "/CodeSystem/" + kind;
    }

    /** @return the code system of an instrument's answers in OpenROM's Questionnaire */
    final String answerSystem(Instrument ins) {
        java.util.Objects.requireNonNull(ins, "ins");
        return system("answer") + "-" + ins.id();
    }

    static final java.util.regex.Pattern PATIENT_REFERENCE = java.util.regex.Pattern.compile(
            "(?:https?://[^\\s]+/)?Patient/([A-Za-z0-9\\-.]{1,64})(?:/_history/[A-Za-z0-9\\-.]{1,64})?");
    static final java.util.regex.Pattern INTEGER_CODE = java.util.regex.Pattern.compile("-?[0-9]{1,9}");
    /**
     * LOINC's long common names of the panel and total-score codes OpenROM writes (LOINC, Regenstrief Institute):
     * written as the display of those codes, never OpenROM's own labels under LOINC's code.
     */
    static final java.util.Map<String, String> LOINC_NAMES = java.util.Map.of(
            "44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]",
            "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
            "69737-5", "Generalized anxiety disorder 7 item (GAD-7)",
            "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]");
    /** The finding codes of a measured worsening, the only ones that carry the direction "W". */
    static final java.util.Set<String> WORSENING = java.util.Set.of("deterioration", "deterioration-since-previous",
            "reliable-deterioration");
    static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /**
     * The subject of an emitted resource. A patient id read from a subject identifier ({@code system|value}, see
     * {@link #patientId}) goes back out as that identifier (a logical reference, system and value as they came), never
     * as {@code Patient/<value>}: an identifier value (a CPR number) is not a resource id and must not appear in a URL.
     * A resource id goes out as {@code Patient/<id>}; any other OpenROM id (from CSV input) as an identifier in the
     * adapter's own system.
     */
    Reference patient(String patientId) {
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

    /** The core {@code translation} extension on a text, one per language the instrument translates it to. */
    static void translate(StringType text, Instrument ins, String key) {
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
    Coding answerCoding(Instrument ins, Item it, int v) {
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
    static final List<String> WEIGHT_EXTENSIONS = List.of("http://hl7.org/fhir/StructureDefinition/itemWeight",
            "http://hl7.org/fhir/StructureDefinition/ordinalValue");

    String patientId(Reference subject, List<Violation> v) {
        return patientId(subject, "QuestionnaireResponse.subject", v);
    }

    String patientId(Reference subject, String at, List<Violation> v) {
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

    static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String uuid(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The clock's instant, written in UTC ("Z") whatever the JVM's zone, to the millisecond. */
    InstantType now() {
        InstantType t = new InstantType(Date.from(clock.instant()), ca.uhn.fhir.model.api.TemporalPrecisionEnum.MILLI,
                java.util.TimeZone.getTimeZone(ZoneOffset.UTC));
        t.setTimeZoneZulu(true);
        return t;
    }
}
