package org.openrom.core.needs;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;

/**
 * A sub-theme of need (Gryesten et al. 2024, Table 4).
 *
 * @param id the sub-theme id, e.g. {@code what-is-at-stake}
 * @param themeId the theme it belongs to
 * @param label language → label
 * @param description language → the study's description
 * @param patients how many of the 15 patient interviews raised it
 * @param therapists how many of the 6 therapist interviews raised it
 */
public record NeedSubtheme(String id, String themeId, Map<String, String> label, Map<String, String> description,
        int patients, int therapists) {
    /** Validates and copies. */
    public NeedSubtheme {
        Checks.id("sub-theme", "id", id);
        Checks.id("sub-theme " + id, "themeId", themeId);
        label = Map.copyOf(new TreeMap<>(Objects.requireNonNull(label, "label")));
        description = Map.copyOf(new TreeMap<>(Objects.requireNonNull(description, "description")));
        if (!label.containsKey("en")) {
            throw new org.openrom.core.ValidationException("sub-theme " + id, "label.en", "missing", "an English label");
        }
    }

    /** @return the label in {@code language}, falling back to English */
    public String label(String language) {
        return label.getOrDefault(language, label.get("en"));
    }
}
