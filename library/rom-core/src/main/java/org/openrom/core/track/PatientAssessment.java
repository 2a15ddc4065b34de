package org.openrom.core.track;

import java.util.Objects;
import org.openrom.core.score.Administration;

/**
 * One patient's assessment by one rule at one occasion: the record the command line's {@code rom track} writes,
 * one JSON line each, in the same JSON format as everything else ({@code patientId} followed by the fields of
 * {@link TrackAssessment}: occasion, status, reasons with codes, the rule's id, version, parameters and canonical
 * spec, and details).
 *
 * @param patientId the patient (normalised as {@link Administration} does)
 * @param assessment the assessment
 */
public record PatientAssessment(String patientId, TrackAssessment assessment) {
    /** Validates. */
    public PatientAssessment {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(assessment, "assessment");
        patientId = Administration.normalizeId(patientId);
        if (!Administration.isValidId(patientId)) {
            throw new org.openrom.core.ValidationException("patient assessment", "patientId", patientId, "a patient id");
        }
    }
}
