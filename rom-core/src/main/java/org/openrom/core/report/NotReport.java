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
 * @param trajectories one per monitored scale
 * @param assessments every rule's latest assessment at or before the occasion
 * @param reasons the reasons of the rules that are NOT
 * @param negativeResponses items answered at the worse end of their range at the latest administration
 * @param lifeEvents life events reported at the latest checklist
 * @param comments the patient's comments, oldest first
 * @param needs the needs assessment
 */
public record NotReport(String patientId, String groupId, int occasion, TrackStatus status, List<Trajectory> trajectories,
        List<TrackAssessment> assessments, List<Finding> reasons, List<ItemResponse> negativeResponses,
        List<ItemResponse> lifeEvents, List<PatientComment> comments, NeedsAssessment needs) {
    /** Validates and copies. */
    public NotReport {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(status, "status");
        trajectories = List.copyOf(trajectories);
        assessments = List.copyOf(assessments);
        reasons = List.copyOf(reasons);
        negativeResponses = List.copyOf(negativeResponses);
        lifeEvents = List.copyOf(lifeEvents);
        comments = List.copyOf(comments);
        Objects.requireNonNull(needs, "needs");
    }

    /** Identifiers only. */
    @Override
    public String toString() {
        return "NotReport[patient=" + patientId + ", occasion=" + occasion + ", status=" + status + "]";
    }
}
