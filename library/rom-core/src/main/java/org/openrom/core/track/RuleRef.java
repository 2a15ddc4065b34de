package org.openrom.core.track;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;

/**
 * Identifies exactly which rule produced an assessment: id, version and every parameter (defaults
 * included) in canonical text form. {@link #pinnedSpec()} parses back to the same rule; {@link #spec()}, the label
 * outputs show, names every parameter but not the version, so it parses back to the same parameters under the newest
 * installed version.
 *
 * @param id the rule id, e.g. {@code deterioration-or-no-change}
 * @param version the rule implementation's version
 * @param parameters parameter name → canonical value text, sorted by name
 */
public record RuleRef(String id, String version, SortedMap<String, String> parameters) {
    /** Validates and copies the parameters. */
    public RuleRef {
        Checks.id("rule reference", "id", id);
        Checks.nonBlank("rule reference", "version", version);
        Objects.requireNonNull(parameters, "parameters");
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(parameters, "parameters")));
    }

    /**
     * @param id the rule id
     * @param version its version
     * @param parameters name → canonical value
     * @return the reference
     */
    public static RuleRef of(String id, String version, Map<String, String> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        return new RuleRef(id, version, new TreeMap<>(parameters));
    }

    /** @return the canonical spec text, {@code id:key=value,…} with keys sorted */
    public String spec() {
        if (parameters.isEmpty()) {
            return id;
        }
        StringBuilder sb = new StringBuilder(id).append(':');
        boolean first = true;
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** @return {@code id@version:key=value,…}: this exact implementation and its parameters */
    public String pinnedSpec() {
        String s = spec();
        return id + "@" + version + s.substring(id.length());
    }

    @Override
    public String toString() {
        return spec() + " (v" + version + ")";
    }
}
