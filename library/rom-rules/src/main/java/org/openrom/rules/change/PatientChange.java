package org.openrom.rules.change;

/**
 * One patient's result of a cohort change analysis.
 *
 * @param patientId the patient
 * @param pre the pre score
 * @param post the post score
 * @param change {@code post − pre}
 * @param index the reliable change index of the chosen method
 * @param category the outcome category
 */
public record PatientChange(String patientId, double pre, double post, double change, double index,
        ChangeCategory category) {
}
