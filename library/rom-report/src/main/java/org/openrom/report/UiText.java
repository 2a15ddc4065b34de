package org.openrom.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.openrom.core.ValidationException;

/**
 * The renderers' own words (headings, table headers, notes, legends, rule names) per language, read from
 * {@code ui_<language>.properties} (UTF-8) next to this class; immutable. Need labels and rationales come from
 * the taxonomy and the evidence rules. Every language has every key (tested).
 */
final class UiText {
    /** The languages the renderer speaks, in this order. */
    static final List<String> LANGUAGES = List.of("en", "da");

    private static final Map<String, String> EN = load("en");
    private static final Map<String, String> DA = load("da");

    static final UiText ENGLISH = new UiText("en", EN);
    private static final UiText DANISH = new UiText("da", DA);

    private final String language;
    private final Map<String, String> words;

    private UiText(String language, Map<String, String> words) {
        this.language = language;
        this.words = words;
    }

    private static Map<String, String> load(String language) {
        Properties p = new Properties();
        try (InputStream in = UiText.class.getResourceAsStream("ui_" + language + ".properties")) {
            p.load(new InputStreamReader(Objects.requireNonNull(in, "ui_" + language + ".properties"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put((String) k, (String) v));
        return Map.copyOf(m);
    }

    /**
     * @param language {@code en} or {@code da}
     * @return the words of that language
     * @throws ValidationException for any other language, listing the languages available
     */
    static UiText of(String language) {
        Objects.requireNonNull(language, "language");
        switch (language) {
            case "en":
                return ENGLISH;
            case "da":
                return DANISH;
            default:
                throw new ValidationException("report renderer", "language", language, "one of "
                        + String.join(", ", LANGUAGES) + " (the languages the report pages are written in)");
        }
    }

    /** @return the language these words are in */
    String language() {
        return language;
    }

    /** @throws IllegalArgumentException for a key no language defines (a programming error) */
    String get(String key) {
        String w = words.get(key);
        if (w == null) {
            throw new IllegalArgumentException("no UI text '" + key + "'");
        }
        return w;
    }

    /** @return the words of {@code key} with {@code {0}}, {@code {1}}, … replaced by the arguments */
    String format(String key, Object... args) {
        String w = get(key);
        for (int i = 0; i < args.length; i++) {
            w = w.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return w;
    }

    /**
     * @param v a number to show
     * @return it as this language writes it: at most two decimals, no trailing zeros, a decimal comma in Danish
     */
    String num(double v) {
        String s = Text.num(v);
        return language.equals("da") ? s.replace('.', ',') : s;
    }

    /** @return every key of this language */
    java.util.Set<String> keys() {
        return words.keySet();
    }

    /** @return the word for a key when this language has one, else null */
    String find(String key) {
        return words.get(key);
    }

    /**
     * @return a track status (an enum name such as {@code NOT_ON_TRACK}) in words; "—" when empty; an unknown
     *     name in lower case with spaces
     */
    String status(String name) {
        if (name.isEmpty()) {
            return "—";
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        String w = words.get("status." + lower);
        return w != null ? w : lower.replace('_', ' ');
    }

    static Map<String, String> english() {
        return EN;
    }

    static Map<String, String> danish() {
        return DA;
    }
}
