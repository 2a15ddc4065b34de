package org.openrom.fhir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Type;
import org.openrom.core.instrument.CriticalItem;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.safety.SafetyAlert;

/**
 * The critical items of a QuestionnaireResponse, read on their own so that no other property of the response can
 * hide them: at any depth of groups (and of items nested under answers), under OpenROM's linkIds (in any case, with
 * any path prefix) and under the codes of a mapped form (LOINC 44260-8 for PHQ-9 item 9), from any value that
 * decides the answer (a coding with a known weight, an integer, an integral decimal), in any status but
 * {@code entered-in-error}, whatever its date, session, subject or questionnaire version.
 *
 * <p>Where a critical item is present but its answer cannot be decided (a string, a coding of an unknown system),
 * that is reported as {@linkplain Result#unreadable() unreadable}: a clinician must look, and it is never silence.
 * Made by {@link FhirMapper#critical}.
 */
public final class CriticalAnswers {
    private static final List<String> WEIGHT_EXTENSIONS = List.of("http://hl7.org/fhir/StructureDefinition/itemWeight",
            "http://hl7.org/fhir/StructureDefinition/ordinalValue");

    /**
     * What the critical items of one response say.
     *
     * @param instrument the instrument the response was recognised as, if any
     * @param alerts the alerts of the answers that could be decided
     * @param unreadable the critical items ({@code instrument.item}) present with an answer that could not be decided
     */
    public record Result(Optional<String> instrument, List<SafetyAlert> alerts, Set<String> unreadable) {
        /** Copies. */
        public Result {
            Objects.requireNonNull(instrument, "instrument");
            alerts = List.copyOf(Objects.requireNonNull(alerts, "alerts"));
            unreadable = java.util.Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(unreadable, "unreadable")));
        }
    }

    private final InstrumentRegistry instruments;
    private final FormMap forms;
    private final String prefix;
    private final java.util.function.Function<Instrument, String> answerSystem;

    CriticalAnswers(InstrumentRegistry instruments, FormMap forms, String questionnairePrefix,
            java.util.function.Function<Instrument, String> answerSystem) {
        this.instruments = instruments;
        this.forms = forms;
        this.prefix = questionnairePrefix;
        this.answerSystem = answerSystem;
    }

    /** The instrument a canonical names, with the form it came through (any version: a version never hides an alert). */
    private record Recognised(Instrument instrument, Optional<FormMap.Form> form) {
    }

    private Optional<Recognised> recognise(String canonical) {
        if (canonical == null) {
            return Optional.empty();
        }
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        if (url.startsWith(prefix)) {
            return instruments.find(url.substring(prefix.length()))
                    .map(i -> new Recognised(i, forms.forInstrument(i.id())));
        }
        return forms.match(url).flatMap(f -> instruments.find(f.instrument()).map(i -> new Recognised(i, Optional.of(f))));
    }

    /**
     * @param qr the response
     * @param patientId the patient the alerts are about
     * @param occasion the session, if known (-1 otherwise)
     * @return what its critical items say
     */
    Result read(QuestionnaireResponse qr, String patientId, OptionalInt occasion) {
        Objects.requireNonNull(qr, "qr");
        if (qr.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR) {
            return new Result(Optional.empty(), List.of(), Set.of());
        }
        Optional<Recognised> rec = recognise(qr.getQuestionnaire());
        if (rec.isEmpty()) {
            return new Result(Optional.empty(), List.of(), Set.of());
        }
        Instrument ins = rec.get().instrument();
        Optional<FormMap.Form> form = rec.get().form();
        List<QuestionnaireResponseItemComponent> leaves = new ArrayList<>();
        walk(qr.getItem(), leaves, 0);
        Optional<LocalDate> date = Optional.empty();
        if (qr.hasAuthoredElement() && qr.getAuthoredElement().getValueAsString() != null
                && qr.getAuthoredElement().getValueAsString().length() >= 10) {
            date = Optional.of(LocalDate.of(qr.getAuthoredElement().getYear(), qr.getAuthoredElement().getMonth() + 1,
                    qr.getAuthoredElement().getDay()));
        }
        List<SafetyAlert> alerts = new ArrayList<>();
        Set<String> unreadable = new LinkedHashSet<>();
        for (CriticalItem ci : ins.criticalItems()) {
            Set<Integer> values = new TreeSet<>();
            for (QuestionnaireResponseItemComponent leaf : leaves) {
                if (!ci.itemId().equals(itemOf(leaf.getLinkId(), ins, form))) {
                    continue;
                }
                for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : leaf.getAnswer()) {
                    Integer v = decide(answer.getValue(), ins, form);
                    if (v == null) {
                        unreadable.add(ins.id() + "." + ci.itemId());
                    } else {
                        values.add(v);
                    }
                }
            }
            for (int v : values) {
                if (ci.alerts(v)) {
                    alerts.add(new SafetyAlert(patientId, ins.id(), occasion.orElse(-1), date, ci.itemId(), OptionalInt.of(v),
                            ci.severity(), ci.code()));
                }
            }
        }
        return new Result(Optional.of(ins.id()), alerts, unreadable);
    }

    private static final int MAX_DEPTH = 64;

    /** Every item with answers, at any depth: under groups, and under answers (FHIR allows items there too). */
    private static void walk(List<QuestionnaireResponseItemComponent> items, List<QuestionnaireResponseItemComponent> out,
            int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (QuestionnaireResponseItemComponent i : items) {
            if (!i.getAnswer().isEmpty()) {
                out.add(i);
                for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent a : i.getAnswer()) {
                    walk(a.getItem(), out, depth + 1);
                }
            }
            walk(i.getItem(), out, depth + 1);
        }
    }

    /** The instrument item a linkId names: the item id itself, its last path segment, in any case, or a form's code. */
    static String itemOf(String linkId, Instrument ins, Optional<FormMap.Form> form) {
        if (linkId == null || linkId.isBlank()) {
            return null;
        }
        List<String> candidates = new ArrayList<>(List.of(linkId.trim()));
        String last = linkId.trim().replaceAll("^.*[/.:]", "");
        if (!last.equals(candidates.get(0)) && !last.isEmpty()) {
            candidates.add(last);
        }
        for (String c : candidates) {
            if (form.isPresent() && form.get().items().containsKey(c)) {
                return form.get().items().get(c);
            }
            if (ins.item(c).isPresent()) {
                return c;
            }
            for (org.openrom.core.instrument.Item it : ins.items()) {
                if (it.id().toLowerCase(Locale.ROOT).equals(c.toLowerCase(Locale.ROOT))) {
                    return it.id();
                }
            }
        }
        return null;
    }

    /** The answer's value when it is unambiguous, else null. */
    private Integer decide(Type value, Instrument ins, Optional<FormMap.Form> form) {
        if (value instanceof IntegerType i) {
            return i.getValue();
        }
        if (value instanceof DecimalType d) {
            return integral(d);
        }
        if (value instanceof Coding c) {
            if (form.isPresent() && form.get().answerSystem().equals(c.getSystem()) && c.getCode() != null
                    && form.get().answers().containsKey(c.getCode())) {
                return form.get().answers().get(c.getCode());
            }
            if (answerSystem.apply(ins).equals(c.getSystem()) && c.getCode() != null && c.getCode().matches("-?[0-9]{1,9}")) {
                return Integer.parseInt(c.getCode());
            }
            for (String url : WEIGHT_EXTENSIONS) {
                Extension w = c.getExtensionByUrl(url);
                if (w != null && w.getValue() instanceof DecimalType d) {
                    return integral(d);
                }
            }
        }
        return null;
    }

    private static Integer integral(DecimalType d) {
        if (d.getValue() == null) {
            return null;
        }
        try {
            return d.getValue().stripTrailingZeros().scale() <= 0 ? d.getValue().intValueExact() : null;
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }
}
