package org.openrom.core.worklist;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.safety.TrackedAlert;
import org.openrom.core.track.RuleRef;

/**
 * One patient on the worklist.
 *
 * @param patientId the patient (opaque)
 * @param groupId the patient's therapy group, if known
 * @param attention why the patient needs attention, in rank order; never empty, the first decides the rank
 * @param reason the first reason in one line, in English; pages word it from the other fields in their language
 * @param rule the rule that finds the patient Not On Track (the first that does), if one does
 * @param since the session from which the first reason holds (the alert's session, the first NOT session of the run,
 *     the first missed session, the session with the missing questionnaire)
 * @param notInARow assessments in a row Not On Track by {@code rule} (0 when none)
 * @param lastSeen the latest session the patient attended (-1: unknown)
 * @param groupSession the group's latest session (-1 without a group)
 * @param alerts the open safety alerts, oldest first
 * @param acknowledged the acknowledged alerts kept with the patient: who acknowledged what
 * @param assignment who looks after the patient, as the query gave it
 */
public record WorklistRow(String patientId, Optional<String> groupId, List<Attention> attention, String reason,
        Optional<RuleRef> rule, int since, int notInARow, int lastSeen, int groupSession, List<SafetyAlert> alerts,
        List<TrackedAlert> acknowledged, Assignment assignment) {
    /** Validates and copies. */
    public WorklistRow {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(groupId, "groupId");
        attention = List.copyOf(attention);
        if (attention.isEmpty()) {
            throw new IllegalArgumentException("a worklist row needs a reason for attention");
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rule, "rule");
        alerts = List.copyOf(alerts);
        acknowledged = List.copyOf(acknowledged);
        Objects.requireNonNull(assignment, "assignment");
    }

    /** @return the reason that decides the rank */
    public Attention first() {
        return attention.get(0);
    }
}
