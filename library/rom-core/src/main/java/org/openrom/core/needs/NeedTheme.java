package org.openrom.core.needs;

import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;

/**
 * One of the five themes of need.
 *
 * @param id the theme id
 * @param label language → label
 * @param subthemes its sub-themes
 */
public record NeedTheme(String id, Map<String, String> label, List<NeedSubtheme> subthemes) {
    /** Validates and copies. */
    public NeedTheme {
        Checks.id("theme", "id", id);
        label = Map.copyOf(new TreeMap<>(Objects.requireNonNull(label, "label")));
        subthemes = List.copyOf(Objects.requireNonNull(subthemes, "subthemes"));
    }

    /** @return the label in {@code language}, falling back to English */
    public String label(String language) {
        return label.getOrDefault(language, label.get("en"));
    }
}
