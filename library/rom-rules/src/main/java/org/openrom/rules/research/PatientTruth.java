package org.openrom.rules.research;

/**
 * The ground truth of one synthetic patient, for scoring rule comparisons.
 *
 * @param patientId the patient
 * @param groupId the therapy group
 * @param trajectoryClass the class the trajectory was drawn from
 * @param dropoutOccasion the last occasion attended by a drop-out, or −1 for completers
 * @param baseline the baseline ODSIS total
 * @param last the last observed ODSIS total
 * @param outcome {@code recovered} (improved ≥ 4 and below the cut-off 8), {@code improved} (≥ 4 better),
 *     {@code unchanged}, or {@code deteriorated} (≥ 4 worse), from baseline to the last observation
 * @param therapistId the group's therapist ({@code t001} leads the first {@code groupsPerTherapist} groups)
 * @param effect the patient's random effect: group plus therapist, in ODSIS points of improvement by the end
 */
public record PatientTruth(String patientId, String groupId, TrajectoryClass trajectoryClass, int dropoutOccasion,
        int baseline, int last, String outcome, String therapistId, double effect) {
}
