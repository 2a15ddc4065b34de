package org.openrom.cds;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The cards' own words per language, from {@code cards_<language>.properties} next to this class (clinical wording is
 * data, not code). Every language has every key ({@code CardTextTest}); a missing key is a programming error.
 */
final class CardText {
    private static final Map<String, CardText> LANGUAGES = Map.of("en", load("en"), "da", load("da"));
    private final Map<String, String> words;

    private CardText(Map<String, String> words) {
        this.words = words;
    }

    private static CardText load(String language) {
        Properties p = new Properties();
        String name = "cards_" + language + ".properties";
        try (InputStream in = CardText.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(Objects.requireNonNull(in, name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put((String) k, ((String) v).strip()));
        return new CardText(Map.copyOf(m));
    }

    /** @param language {@code en} or {@code da} (the renderer's languages; checked when the service is built) */
    static CardText of(String language) {
        CardText t = LANGUAGES.get(language);
        if (t == null) {
            throw new IllegalArgumentException("language: got " + language + ", expected one of " + LANGUAGES.keySet());
        }
        return t;
    }

    /** The keys (for the test that every language has all of them). */
    java.util.Set<String> keys() {
        return words.keySet();
    }

    /**
     * @param key the text's key
     * @param args placeholder names and values, alternating: {@code "item", "q9"}
     * @return the text with every {@code {name}} filled
     */
    String get(String key, Object... args) {
        String t = words.get(key);
        if (t == null) {
            throw new IllegalStateException("no card text " + key);
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            t = t.replace("{" + args[i] + "}", String.valueOf(args[i + 1]));
        }
        return t;
    }
}
