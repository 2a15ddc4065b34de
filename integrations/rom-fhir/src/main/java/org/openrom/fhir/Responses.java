package org.openrom.fhir;

import static org.openrom.fhir.FhirMapper.LOINC;
import static org.openrom.fhir.FhirMapper.OCCASION_EXTENSION;
import static org.openrom.fhir.FhirMapper.SCORE_ITEM_PREFIX;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.score.Administration;

/**
 * QuestionnaireResponses in and out: an administration written as a response, a response (OpenROM's or a mapped
 * form's) read as an administration, its safety alerts, its time. Part of {@link FhirMapper}.
 */
final class Responses extends MapperSupport {
    private final CriticalAnswers criticalAnswers;

    Responses(Setup setup) {
        super(setup);
        this.criticalAnswers = new CriticalAnswers(instruments, forms, base + "/Questionnaire/", this::answerSystem);
    }

    QuestionnaireResponse questionnaireResponse(Administration a) {
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

    Administration administration(QuestionnaireResponse qr, Occasions occasions) {
        java.util.Objects.requireNonNull(qr, "qr");
        java.util.Objects.requireNonNull(occasions, "occasions");
        if (!qr.getExtensionsByUrl(OCCASION_EXTENSION).isEmpty()) {
            return administration(qr, OptionalInt.empty());
        }
        String patient = patientId(qr.getSubject(), new ArrayList<>());
        return administration(qr, occasions.occasionOf(qr, patient));
    }

    List<org.openrom.core.safety.SafetyAlert> alerts(QuestionnaireResponse qr, OptionalInt occasion) {
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

    CriticalAnswers.Result critical(QuestionnaireResponse qr, String patientId, OptionalInt occasion) {
        java.util.Objects.requireNonNull(qr, "qr");
        java.util.Objects.requireNonNull(patientId, "patientId");
        java.util.Objects.requireNonNull(occasion, "occasion");
        return criticalAnswers.read(qr, patientId, occasion);
    }

    static org.openrom.core.history.HistoryRow.When when(QuestionnaireResponse qr) {
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

    Optional<String> patientOf(Reference subject) {
        return Optional.ofNullable(patientId(subject, "subject", new ArrayList<>()));
    }

    Administration administration(QuestionnaireResponse qr, OptionalInt occasion) {
        java.util.Objects.requireNonNull(qr, "qr");
        java.util.Objects.requireNonNull(occasion, "occasion");
        List<Violation> v = new ArrayList<>();
        String canonical = qr.getQuestionnaire();
        String prefix = base + "/Questionnaire/";
        if (canonical != null && !canonical.startsWith(prefix) && forms.match(canonical).isPresent()) {
            return fromForm(qr, forms.match(canonical).get(), occasion);
        }
        Instrument ins = instrumentOf(canonical, prefix, v);
        String patient = patientId(qr.getSubject(), v);
        Integer occ = header(qr, occasion, v);
        Administration.Builder b = ins != null && patient != null && occ != null ? builder(qr, patient, ins, occ) : null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < qr.getItem().size(); i++) {
            QuestionnaireResponse.QuestionnaireResponseItemComponent ri = qr.getItem().get(i);
            String path = "QuestionnaireResponse.item[" + i + "]";
            noModifiers(ri, path, v);
            if (ins == null) {
                break;
            }
            item(ins, ri, path, seen, b, v);
        }
        return finish(b, ins, v);
    }

    /** The installed instrument a response's canonical URL names, in the version OpenROM scores, or null. */
    private Instrument instrumentOf(String canonical, String prefix, List<Violation> v) {
        Instrument ins = null;
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
        return ins;
    }

    /** Refuses modifier extensions and answers with nested items: OpenROM cannot know how they change the meaning. */
    private static void noModifiers(QuestionnaireResponse.QuestionnaireResponseItemComponent ri, String path,
            List<Violation> v) {
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
    }

    /** One item of an OpenROM response: its answer into {@code b}, or a violation. */
    private void item(Instrument ins, QuestionnaireResponse.QuestionnaireResponseItemComponent ri, String path,
            java.util.Set<String> seen, Administration.Builder b, List<Violation> v) {
        if (ri.getLinkId() != null && ri.getLinkId().startsWith(SCORE_ITEM_PREFIX) && ins.item(ri.getLinkId()).isEmpty()
                && ins.scale(ri.getLinkId().substring(SCORE_ITEM_PREFIX.length())).isPresent()) {
            return; // a calculated score item: OpenROM scores the answers itself
        }
        Item it = ins.item(ri.getLinkId()).orElse(null);
        if (it == null) {
            v.add(new Violation(path + ".linkId", SafeText.show(ri.getLinkId()), "an item of " + ins.id() + ": "
                    + ins.items().stream().map(Item::id).toList()));
            return;
        }
        if (!seen.add(it.id())) {
            v.add(new Violation(path + ".linkId", SafeText.show(ri.getLinkId()), "each item once (it is answered again)"));
            return;
        }
        if (ri.hasItem()) {
            v.add(new Violation(path + ".item", "nested items", "no nested items"));
        }
        if (ri.getAnswer().size() != 1) {
            if (ri.getAnswer().size() > 1) {
                v.add(new Violation(path + ".answer", ri.getAnswer().size() + " answers", "one answer"));
            }
            return;
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
            return;
        }
        answer(ins, it, value, vpath, b, v);
    }

    /** An answer's value: the instrument's standard answer code, or OpenROM's code of an answer option. */
    private void answer(Instrument ins, Item it, Type value, String vpath, Administration.Builder b, List<Violation> v) {
        Integer answer = null;
        Optional<FormMap.Form> standard = forms.forInstrument(ins.id());
        if (value instanceof Coding c && standard.isPresent() && standard.get().answerSystem().equals(c.getSystem())
                && standard.get().answers().containsKey(c.getCode())) {
            // the instrument's standard answer code (LOINC's LA codes for PHQ-9): its value from the map
            answer = standard.get().answers().get(c.getCode());
            if (b != null && it.scale().contains(answer)) {
                b.answer(it.id(), answer);
                return;
            }
        }
        if (answer == null && value instanceof Coding && !answerSystem(ins).equals(((Coding) value).getSystem())) {
            v.add(new Violation(vpath + "Coding.system", SafeText.show(((Coding) value).getSystem()),
                    "the answer code system " + answerSystem(ins) + " of OpenROM's Questionnaire"
                            + standard.map(f -> " or " + f.answerSystem()).orElse("")));
            return;
        }
        if (value instanceof IntegerType) {
            // OpenROM's Questionnaire offers codings: a valueInteger does not validate against it
            v.add(new Violation(vpath + "Integer", String.valueOf(((IntegerType) value).getValue()),
                    "a valueCoding of " + answerSystem(ins) + " (the Questionnaire's answer options)"));
            return;
        }
        if (value instanceof Coding && ((Coding) value).getCode() != null && INTEGER_CODE.matcher(((Coding) value).getCode()).matches()) {
            answer = Integer.parseInt(((Coding) value).getCode());
        }
        if (answer == null || !it.scale().contains(answer)) {
            v.add(new Violation(vpath + (value instanceof Coding ? "Coding.code" : value == null ? "" : "Integer"),
                    value instanceof Coding ? SafeText.show(((Coding) value).getCode())
                            : value instanceof IntegerType ? String.valueOf(answer) : value == null ? "missing" : value.fhirType(),
                    "an answer option " + it.scale().min() + ".." + it.scale().max() + " as valueCoding"));
            return;
        }
        if (b != null) {
            b.answer(it.id(), answer);
        }
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
            Integer weight = value instanceof Coding c ? weight(form, c) : null;
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

    /** A mapped form's answer: its code in the form map, else a whole weight extension on the coding; or null. */
    private static Integer weight(FormMap.Form form, Coding c) {
        if (form.answerSystem().equals(c.getSystem()) && form.answers().containsKey(c.getCode())) {
            return form.answers().get(c.getCode());
        }
        for (String url : WEIGHT_EXTENSIONS) {
            Extension w = c.getExtensionByUrl(url);
            if (w != null && w.getValue() instanceof org.hl7.fhir.r4.model.DecimalType d && d.getValue() != null
                    && d.getValue().stripTrailingZeros().scale() <= 0) {
                return d.getValue().intValueExact();
            }
        }
        return null;
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
}
