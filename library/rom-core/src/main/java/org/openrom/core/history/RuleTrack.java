package org.openrom.core.history;

import java.util.List;
import java.util.Objects;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;

/**
 * One rule's assessments of one patient, in occasion order: what the monitor accumulated, or what batch
 * evaluation of a {@link PatientHistory} gives ({@link #evaluate}).
 *
 * @param rule the rule
 * @param assessments its assessments, by increasing occasion
 */
public record RuleTrack(TrackRule rule, List<TrackAssessment> assessments) {
    /** Copies the list. */
    public RuleTrack {
        Objects.requireNonNull(rule, "rule");
        assessments = List.copyOf(Objects.requireNonNull(assessments, "assessments"));
    }

    /**
     * Batch evaluation: each rule over the history's series of its scales.
     *
     * @param rules the rules
     * @param history the history
     * @return one track per rule, in rule order
     */
    public static List<RuleTrack> evaluate(List<TrackRule> rules, PatientHistory history) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(history, "history");
        return rules.stream().map(r -> new RuleTrack(r, r.evaluate(r.scales().stream().map(history::series).toList())))
                .toList();
    }

    /**
     * @param occasion the last occasion to keep
     * @return the assessments up to and including it
     */
    public RuleTrack upTo(int occasion) {
        return new RuleTrack(rule, assessments.stream().filter(a -> a.occasion() <= occasion).toList());
    }
}
