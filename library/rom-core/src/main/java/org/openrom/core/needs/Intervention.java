package org.openrom.core.needs;

import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;

/**
 * A candidate add-on intervention.
 *
 * @param id the intervention id
 * @param label language → label
 * @param serves the sub-themes it serves
 */
public record Intervention(String id, Map<String, String> label, List<String> serves) {
    /** Validates and copies. */
    public Intervention {
        Checks.id("intervention", "id", id);
        label = Map.copyOf(new TreeMap<>(Objects.requireNonNull(label, "label")));
        serves = List.copyOf(Objects.requireNonNull(serves, "serves"));
    }

    /** @return the label in {@code language}, falling back to English */
    public String label(String language) {
        return label.getOrDefault(language, label.get("en"));
    }
}
