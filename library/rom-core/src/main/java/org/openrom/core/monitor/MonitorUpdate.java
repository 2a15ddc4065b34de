package org.openrom.core.monitor;

import java.util.List;
import java.util.Objects;
import org.openrom.core.score.Scores;
import org.openrom.core.track.TrackAssessment;

/**
 * What one {@link OutcomeMonitor#record} produced.
 *
 * @param scores the administration's scores
 * @param assessments one assessment per rule that could read a new observation, in the monitor's rule order
 * @param transitions status changes caused by this administration
 */
public record MonitorUpdate(Scores scores, List<TrackAssessment> assessments, List<StatusTransition> transitions) {
    /** Copies the lists. */
    public MonitorUpdate {
        Objects.requireNonNull(scores, "scores");
        assessments = List.copyOf(Objects.requireNonNull(assessments, "assessments"));
        transitions = List.copyOf(Objects.requireNonNull(transitions, "transitions"));
    }

    /**
     * @return the administration's safety alerts (its critical items), raised whatever the rules say; the same as
     *     {@code scores().alerts()}
     */
    public List<org.openrom.core.safety.SafetyAlert> alerts() {
        return scores.alerts();
    }

    /** @return true when any rule turned NOT_ON_TRACK with this administration */
    public boolean becameNotOnTrack() {
        return transitions.stream().anyMatch(StatusTransition::becameNotOnTrack);
    }
}
