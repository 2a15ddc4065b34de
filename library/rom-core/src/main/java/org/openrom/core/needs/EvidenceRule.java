package org.openrom.core.needs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.openrom.core.internal.Checks;

/**
 * A data-defined rule: when its condition holds, the listed sub-themes are raised, with the rationale.
 *
 * @param id the rule id
 * @param subthemes the sub-themes it points to
 * @param rationale language → why the evidence points there
 * @param condition the condition
 */
public record EvidenceRule(String id, List<String> subthemes, Map<String, String> rationale, Condition condition) {
    /** Validates and copies. */
    public EvidenceRule {
        Checks.id("evidence rule", "id", id);
        subthemes = List.copyOf(subthemes);
        rationale = Map.copyOf(new TreeMap<>(rationale));
        Objects.requireNonNull(condition, "condition");
    }
}
