package org.openrom.fhir;

import static org.openrom.fhir.FhirMapper.LOINC;
import static org.openrom.fhir.FhirMapper.OCCASION_EXTENSION;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.Scale;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import org.openrom.fhir.FhirMapper.ObservedScore;
import org.openrom.fhir.FhirMapper.StandardScore;

/**
 * Score Observations out (one per scored scale) and in (OpenROM's, and standard ones such as a PHQ-9 total
 * score from another system). Part of {@link FhirMapper}.
 */
final class ScoreObservations extends MapperSupport {
    ScoreObservations(Setup setup) {
        super(setup);
    }

    List<Observation> scoreObservations(Scores scores, Reference source) {
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
    Observation scoreObservation(String patientId, String scaleId, Scale scale, int occasion,
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
    void scoreValue(Observation o, String scaleId, Scale scale, double value) {
        o.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("{score}")
                .setSystem("http://unitsofmeasure.org").setCode("{score}"));
        if (scale != null) {
            scale.band(value).ifPresent(band -> o.addInterpretation(new CodeableConcept(new Coding(system("severity-band"),
                    scaleId + "-" + num(band.from()), band.label())).setText(band.label())));
        }
    }

    Optional<ObservedScore> observedScore(Observation o) {
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

    Optional<StandardScore> standardScore(Observation o) {
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
}
