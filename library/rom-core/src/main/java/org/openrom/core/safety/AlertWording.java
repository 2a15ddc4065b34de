package org.openrom.core.safety;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.internal.Json;

/**
 * What clinicians read for a safety alert: clinic configuration, per language, never hard-coded in a rule or an
 * instrument. A text is looked up by the alert's {@linkplain SafetyAlert#code() code}, then by its kind
 * ({@code answered} or {@code unanswered}), in the requested language, then in English, then in the neutral default,
 * which quotes no item wording (the items' wording is often copyrighted; a clinic that holds a licence can configure
 * its own): it names the instrument, the item's number and topic and the answer's label, in the page's language
 * ("PHQ-9 item 9, thoughts of death or self-harm: More than half the days (2), session 4"). Placeholders:
 * {@code {instrument}} (id), {@code {name}} (the instrument's short name), {@code {item}} (id), {@code {number}}
 * (the item's position), {@code {topic}}, {@code {value}}, {@code {answer}} (the answer's label and value, or the value),
 * {@code {occasion}}, {@code {severity}}; the descriptive ones come from the instrument's definition and its
 * translations ({@link org.openrom.core.instrument.Instrument#alertLabels}), falling back to ids. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * {"da": {"phq9-self-harm": "PHQ-9 spørgsmål 9 = {value}: ring til patienten i dag (klinikkens kriseplan, lokal 1234)."},
 *  "en": {"answered": "Critical item {item} of {instrument}: {value}. See the crisis plan."}}
 * }</pre>
 */
public final class AlertWording {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final List<String> PLACEHOLDERS = List.of("instrument", "name", "item", "number", "topic", "value",
            "answer", "occasion", "severity");
    private static final AlertWording NEUTRAL = new AlertWording(Map.of(
            "en", Map.of(
                    "answered", "{name} item {number}, {topic}: {answer} at session {occasion}. Follow your clinic's "
                            + "risk procedure.",
                    "unanswered", "{name} item {number}, {topic}: left unanswered at session {occasion}; a skipped answer "
                            + "can hide risk. Follow your clinic's risk procedure."),
            "da", Map.of(
                    "answered", "{name} spørgsmål {number}, {topic}: {answer} ved session {occasion}. Følg klinikkens "
                            + "procedure for risikovurdering.",
                    "unanswered", "{name} spørgsmål {number}, {topic}: ikke besvaret ved session {occasion}; et sprunget "
                            + "svar kan skjule risiko. Følg klinikkens procedure for risikovurdering.")), null);

    private final Map<String, Map<String, String>> texts;
    private final AlertWording fallback;

    private AlertWording(Map<String, Map<String, String>> texts, AlertWording fallback) {
        TreeMap<String, Map<String, String>> copy = new TreeMap<>();
        texts.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        this.texts = Collections.unmodifiableMap(copy);
        this.fallback = fallback;
    }

    /** @return the neutral wording (English and Danish), the default everywhere */
    public static AlertWording neutral() {
        return NEUTRAL;
    }

    /**
     * A clinic's wording, over the neutral one.
     *
     * @param json {@code {language: {code or "answered" or "unanswered": text}}}
     * @return the wording
     * @throws org.openrom.core.DataFormatException when the text is not JSON
     * @throws ValidationException naming every text that is blank or uses an unknown placeholder
     */
    public static AlertWording fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode tree = Json.readTree(json, "<alert wording>");
        List<Violation> v = new java.util.ArrayList<>();
        Map<String, Map<String, String>> texts = new TreeMap<>();
        if (!tree.isObject()) {
            v.add(new Violation("", tree.getNodeType().name().toLowerCase(Locale.ROOT), "an object of languages"));
        } else {
            tree.properties().forEach(lang -> {
                if (!lang.getKey().matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
                    v.add(new Violation(lang.getKey(), "a language", "a language code such as da or en"));
                }
                if (!lang.getValue().isObject()) {
                    v.add(new Violation(lang.getKey(), lang.getValue().getNodeType().name().toLowerCase(Locale.ROOT),
                            "an object of alert codes and texts"));
                    return;
                }
                Map<String, String> m = new TreeMap<>();
                lang.getValue().properties().forEach(e -> {
                    String path = lang.getKey() + "." + e.getKey();
                    if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                        v.add(new Violation(path, e.getValue().getNodeType().name().toLowerCase(Locale.ROOT), "a text"));
                        return;
                    }
                    Matcher mm = PLACEHOLDER.matcher(e.getValue().asText());
                    while (mm.find()) {
                        if (!PLACEHOLDERS.contains(mm.group(1))) {
                            v.add(new Violation(path, "{" + mm.group(1) + "}", "placeholders among " + PLACEHOLDERS));
                        }
                    }
                    m.put(e.getKey(), e.getValue().asText());
                });
                texts.put(lang.getKey(), m);
            });
        }
        if (!v.isEmpty()) {
            throw new ValidationException("alert wording", v);
        }
        return new AlertWording(texts, NEUTRAL);
    }

    /**
     * @param alert an alert
     * @param language a language code ({@code da}); others fall back to English
     * @return the text a clinician reads
     */
    public String text(SafetyAlert alert, String language) {
        return text(alert, language, null);
    }

    /**
     * The descriptive texts of an alert in one language, from its instrument's definition
     * ({@link org.openrom.core.instrument.Instrument#alertLabels}).
     *
     * @param name the instrument's short name ({@code PHQ-9})
     * @param number the item's position ({@code 9})
     * @param topic the item's topic in the language
     * @param answerLabel the answer's label in the language, when the definition has one
     */
    public record Labels(String name, String number, String topic, Optional<String> answerLabel) {
        /** Validates. */
        public Labels {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(answerLabel, "answerLabel");
        }
    }

    /**
     * @param alert an alert
     * @param language a language code ({@code da}); others fall back to English
     * @param labels the instrument's names, the item's number and topic and the answer's label in that language; null
     *     to use ids
     * @return the text a clinician reads
     */
    public String text(SafetyAlert alert, String language, Labels labels) {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(language, "language");
        String template = template(alert, language);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "instrument" -> alert.instrumentId();
                case "name" -> labels == null ? alert.instrumentId() : labels.name();
                case "item" -> alert.itemId();
                case "number" -> labels == null ? alert.itemId() : labels.number();
                case "topic" -> labels == null ? (language.equals("da") ? "kritisk spørgsmål" : "critical item")
                        : labels.topic();
                case "answer" -> alert.value().isEmpty() ? "-" : labels == null || labels.answerLabel().isEmpty()
                        ? String.valueOf(alert.value().getAsInt())
                        : labels.answerLabel().get() + " (" + alert.value().getAsInt() + ")";
                case "value" -> alert.value().isPresent() ? String.valueOf(alert.value().getAsInt()) : "-";
                case "occasion" -> alert.occasion() < 0 ? "?" : String.valueOf(alert.occasion());
                case "severity" -> alert.severity().code();
                default -> m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String template(SafetyAlert alert, String language) {
        String kind = alert.unanswered() ? "unanswered" : "answered";
        for (String lang : language.equals("en") ? List.of("en") : List.of(language, "en")) {
            Map<String, String> t = texts.get(lang);
            if (t != null) {
                String s = t.getOrDefault(alert.code(), t.get(kind));
                if (s != null) {
                    return s;
                }
            }
        }
        return fallback != null ? fallback.template(alert, language) : texts.get("en").get(kind);
    }
}
