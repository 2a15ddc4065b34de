package org.openrom.core.monitor;

import java.util.Objects;
import java.util.Optional;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackStatus;

/**
 * A change of a rule's status for one patient, e.g. "became NOT at session 5".
 *
 * @param patientId the patient
 * @param rule the rule
 * @param occasion the occasion at which the new status was assessed
 * @param from the previous status, absent for the patient's first assessment by this rule
 * @param to the new status
 */
public record StatusTransition(String patientId, RuleRef rule, int occasion, Optional<TrackStatus> from,
        TrackStatus to) {
    /** Validates non-null fields. */
    public StatusTransition {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** @return true when the patient became Not On Track */
    public boolean becameNotOnTrack() {
        return to == TrackStatus.NOT_ON_TRACK;
    }
}
