package org.openrom.core.report;

import java.util.List;
import java.util.Objects;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.track.Finding;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;

/**
 * The NOT report for one patient at one occasion (Gryesten et al. 2024): trajectories with the rules'
 * statuses, the reasons for NOT, negative responses, reported life events, the patient's comments, and
 * the needs assessment with candidate add-on interventions. Built by {@link NotReportBuilder}; rendered by
 * rom-report. JSON round trip through {@link org.openrom.core.json.RomJson} is lossless.
 *
 * @param patientId the patient (opaque)
 * @param groupId the therapy group, or empty
 * @param occasion the occasion reported on
 * @param status NOT_ON_TRACK when any rule is NOT at this occasion, else the best status
 * @param statusRule the canonical spec of the rule the status is taken from: the first rule that is NOT, else
 *     the first rule that has assessed the patient; empty when none has
 * @param notSince the first occasion of the status rule's current run of NOT assessments, or -1 when it is not NOT
 * @param consecutiveNot how many of the status rule's assessments in a row, up to the occasion, are NOT (0 when
 *     it is not NOT; 2 or more is what the report calls persistent)
 * @param lastAttended the last occasion up to the reported one with any administration or score, or -1
 * @param missed the occasions from the patient's first up to the reported one with no administration and no
 *     score (attendance is data: a session without a questionnaire was missed), increasing
 * @param trajectories one per monitored scale
 * @param assessments every rule's latest assessment at or before the occasion
 * @param strips every rule's status at each occasion it assessed, up to the occasion, in rule order
 * @param reasons the reasons of the rules that are NOT, each sentence once (rules that wrap another rule
 *     repeat its reasons)
 * @param negativeResponses items answered at the worse end of their range at the latest administration
 * @param lifeEvents life events reported at the latest checklist
 * @param comments the patient's comments, oldest first
 * @param needs the needs assessment
 * @param alerts the open safety alerts up to the occasion, oldest first: every alert no clinician has acknowledged
 *     (an alert stays until acknowledged, or, when a clinic chooses, for a stated number of sessions), shown before
 *     everything else; independent of the status and of every rule
 * @param acknowledgedAlerts the alerts up to the occasion that a clinician has acknowledged, with who, when and what
 *     was done, oldest first
 */
public record NotReport(String patientId, String groupId, int occasion, TrackStatus status, String statusRule,
        int notSince, int consecutiveNot, int lastAttended, List<Integer> missed, List<Trajectory> trajectories,
        List<TrackAssessment> assessments, List<RuleStrip> strips, List<Finding> reasons,
        List<ItemResponse> negativeResponses, List<ItemResponse> lifeEvents, List<PatientComment> comments,
        NeedsAssessment needs, List<org.openrom.core.safety.SafetyAlert> alerts,
        List<org.openrom.core.safety.TrackedAlert> acknowledgedAlerts) {
    /** Validates and copies. */
    public NotReport {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusRule, "statusRule");
        missed = List.copyOf(Objects.requireNonNull(missed, "missed"));
        trajectories = List.copyOf(trajectories);
        assessments = List.copyOf(assessments);
        strips = List.copyOf(Objects.requireNonNull(strips, "strips"));
        reasons = List.copyOf(reasons);
        negativeResponses = List.copyOf(negativeResponses);
        lifeEvents = List.copyOf(lifeEvents);
        comments = List.copyOf(comments);
        Objects.requireNonNull(needs, "needs");
        alerts = List.copyOf(Objects.requireNonNull(alerts, "alerts"));
        acknowledgedAlerts = List.copyOf(Objects.requireNonNull(acknowledgedAlerts, "acknowledgedAlerts"));
    }

    /** @return true when the status rule has been NOT at two or more assessments in a row */
    public boolean persistent() {
        return consecutiveNot >= 2;
    }

    /** @return true when the patient has no administration at the reported occasion itself */
    public boolean absentNow() {
        return lastAttended < occasion;
    }

    /**
     * @return true when the patient is Not On Track at the reported occasion and was there: an absent member's last
     *     status is not a status now (a page counts them as absent, not as Not On Track now)
     */
    public boolean notOnTrackNow() {
        return status == org.openrom.core.track.TrackStatus.NOT_ON_TRACK && !absentNow();
    }

    /** Identifiers only. */
    @Override
    public String toString() {
        return "NotReport[patient=" + patientId + ", occasion=" + occasion + ", status=" + status + "]";
    }
}
