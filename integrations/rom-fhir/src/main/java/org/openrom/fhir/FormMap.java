package org.openrom.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.openrom.core.ValidationException;

/**
 * Which Questionnaires that are not OpenROM's own map onto which instrument, as data: the forms EHRs actually send
 * (the LOINC panels of PHQ-9 and GAD-7, a clinic's own Questionnaire), so that their responses score without code.
 * A form names its Questionnaire canonical URLs (a version after {@code |} is accepted only when listed), maps each
 * item's linkId or LOINC code to an instrument item, and each coded answer (system and code, e.g. LOINC's LA codes)
 * to its weight; items it lists as ignored (a panel's computed total, an unscored question) are skipped. The JSON:
 * <pre>{"forms": [{"instrument": "phq9", "questionnaires": ["http://loinc.org/q/44249-1"], "versions": [],
 *   "items": {"44250-9": "q1", …}, "ignored": ["44261-6"],
 *   "answers": {"system": "http://loinc.org", "codes": {"LA6568-5": 0, …},
 *               "displays": {"LA6568-5": "Not at all", …}}}]}</pre>
 * Immutable.
 */
public final class FormMap {
    /**
     * One mapped form.
     *
     * @param instrument the instrument its responses are administrations of
     * @param questionnaires the canonical URLs it is known by (without version)
     * @param versions the Questionnaire versions accepted (empty: a response without a version only)
     * @param items item linkId or code → instrument item id
     * @param ignored item linkIds or codes that are skipped (computed totals, unscored questions)
     * @param answerSystem the code system of the coded answers
     * @param answers answer code → weight; where two codes have one weight, the first is the one OpenROM writes
     * @param displays answer code → the code system's display name (LOINC's), written beside the code; may be empty
     */
    public record Form(String instrument, List<String> questionnaires, List<String> versions, Map<String, String> items,
            Set<String> ignored, String answerSystem, Map<String, Integer> answers, Map<String, String> displays) {
        /**
         * A form without display names.
         *
         * @param instrument see the record
         * @param questionnaires see the record
         * @param versions see the record
         * @param items see the record
         * @param ignored see the record
         * @param answerSystem see the record
         * @param answers see the record
         */
        public Form(String instrument, List<String> questionnaires, List<String> versions, Map<String, String> items,
                Set<String> ignored, String answerSystem, Map<String, Integer> answers) {
            this(instrument, questionnaires, versions, items, ignored, answerSystem, answers, Map.of());
        }

        /** Copies. */
        public Form {
            displays = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(displays, "displays")));
            Objects.requireNonNull(instrument, "instrument");
            Objects.requireNonNull(answerSystem, "answerSystem");
            questionnaires = List.copyOf(Objects.requireNonNull(questionnaires, "questionnaires"));
            versions = List.copyOf(Objects.requireNonNull(versions, "versions"));
            items = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(items, "items")));
            ignored = Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(ignored, "ignored")));
            answers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(answers, "answers")));
        }
    }

    private final List<Form> forms;

    private FormMap(List<Form> forms) {
        this.forms = List.copyOf(forms);
    }

    /** @return an empty map: only OpenROM's own Questionnaires are read */
    public static FormMap none() {
        return new FormMap(List.of());
    }

    /** @return the built-in map: the LOINC panels of PHQ-9 (44249-1) and GAD-7 (69737-5) */
    public static FormMap loadDefault() {
        try (InputStream in = FormMap.class.getResourceAsStream("forms/loinc.json")) {
            return read(Objects.requireNonNull(in, "forms/loinc.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in form map", e);
        }
    }

    /**
     * @param json a form map document
     * @return the map
     * @throws IOException when it cannot be read
     * @throws ValidationException naming the field that is wrong
     */
    public static FormMap read(InputStream json) throws IOException {
        Objects.requireNonNull(json, "json");
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode fs = root == null ? null : root.get("forms");
        if (fs == null || !fs.isArray()) {
            throw new ValidationException("form map", "forms", "missing", "an array of forms");
        }
        List<Form> out = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            JsonNode f = fs.get(i);
            String at = "forms[" + i + "]";
            String instrument = text(f, "instrument", at);
            List<String> qs = new ArrayList<>();
            f.path("questionnaires").forEach(q -> qs.add(q.asText()));
            if (qs.isEmpty()) {
                throw new ValidationException("form map", at + ".questionnaires", "empty", "at least one canonical URL");
            }
            List<String> versions = new ArrayList<>();
            f.path("versions").forEach(v -> versions.add(v.asText()));
            Map<String, String> items = new LinkedHashMap<>();
            f.path("items").properties().forEach(e -> items.put(e.getKey(), e.getValue().asText()));
            Set<String> ignored = new TreeSet<>();
            f.path("ignored").forEach(c -> ignored.add(c.asText()));
            JsonNode answers = f.path("answers");
            String system = text(answers, "system", at + ".answers");
            Map<String, Integer> codes = new LinkedHashMap<>();
            answers.path("codes").properties().forEach(e -> {
                if (!e.getValue().canConvertToInt()) {
                    throw new ValidationException("form map", at + ".answers.codes." + e.getKey(), e.getValue().toString(),
                            "an integer weight");
                }
                codes.put(e.getKey(), e.getValue().asInt());
            });
            Map<String, String> displays = new LinkedHashMap<>();
            answers.path("displays").properties().forEach(e -> {
                if (!codes.containsKey(e.getKey()) || !e.getValue().isTextual()) {
                    throw new ValidationException("form map", at + ".answers.displays." + e.getKey(), e.getValue().toString(),
                            "the display name of one of the form's answer codes " + codes.keySet());
                }
                displays.put(e.getKey(), e.getValue().asText());
            });
            out.add(new Form(instrument, qs, versions, items, ignored, system, codes, displays));
        }
        return new FormMap(out);
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ValidationException("form map", at + "." + field, v == null ? "missing" : v.toString(), "a text");
        }
        return v.asText();
    }

    /**
     * @param file a form map document (the clinic's own forms)
     * @return those forms followed by the built-in ones ({@link #loadDefault()}): where both map one Questionnaire,
     *     the clinic's wins
     * @throws IOException when the file cannot be read
     * @throws ValidationException naming the field that is wrong
     */
    public static FormMap readWithDefault(java.nio.file.Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return read(in).plus(loadDefault());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ValidationException("form map " + file.getFileName(), "json", "malformed at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()), "a JSON document");
        }
    }

    /**
     * @param other another map
     * @return this map's forms, then the other's (a Questionnaire both map is read by this map's form)
     */
    public FormMap plus(FormMap other) {
        Objects.requireNonNull(other, "other");
        List<Form> all = new ArrayList<>(forms);
        all.addAll(other.forms);
        return new FormMap(all);
    }

    /** @return the forms */
    public List<Form> forms() {
        return forms;
    }

    /**
     * @param instrumentId an instrument
     * @return the first form mapped onto it, when there is one (its item and answer codes are the instrument's
     *     standard codes, e.g. LOINC's for PHQ-9)
     */
    public Optional<Form> forInstrument(String instrumentId) {
        Objects.requireNonNull(instrumentId, "instrumentId");
        return forms.stream().filter(f -> f.instrument().equals(instrumentId)).findFirst();
    }

    /**
     * @param canonical a response's {@code questionnaire} (URL, optionally {@code |version})
     * @return the form it is, when mapped (any version when the form lists none is not accepted: see {@link Form})
     */
    public Optional<Form> match(String canonical) {
        if (canonical == null) {
            return Optional.empty();
        }
        int bar = canonical.indexOf('|');
        String url = bar < 0 ? canonical : canonical.substring(0, bar);
        for (Form f : forms) {
            if (f.questionnaires().contains(url)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
