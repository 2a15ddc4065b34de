package org.openrom.core.report;

import java.util.List;
import java.util.Objects;
import org.openrom.core.track.TrackStatus;

/**
 * One rule's status at each occasion it assessed, up to the report's occasion: the strip a report draws over
 * sessions, so that a reader sees when a rule turned and whether it stayed.
 *
 * @param rule the rule's canonical spec
 * @param ruleId the rule's id
 * @param occasions the occasions assessed, increasing
 * @param statuses the status at each of them
 */
public record RuleStrip(String rule, String ruleId, List<Integer> occasions, List<TrackStatus> statuses) {
    /** Validates and copies. */
    public RuleStrip {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(ruleId, "ruleId");
        occasions = List.copyOf(Objects.requireNonNull(occasions, "occasions"));
        statuses = List.copyOf(Objects.requireNonNull(statuses, "statuses"));
        if (occasions.size() != statuses.size()) {
            throw new IllegalArgumentException("occasions and statuses differ in length: " + occasions.size() + " and "
                    + statuses.size());
        }
    }

    /**
     * @param occasion an occasion
     * @return the rule's status at it, or null when the rule made no assessment there
     */
    public TrackStatus at(int occasion) {
        int i = occasions.indexOf(occasion);
        return i < 0 ? null : statuses.get(i);
    }
}
