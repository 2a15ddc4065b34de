package org.openrom.rules.change;

import org.openrom.core.ValidationException;

/**
 * One patient's complete pre/post pair.
 *
 * @param patientId the patient
 * @param pre the pre score (finite)
 * @param post the post score (finite)
 */
public record PrePost(String patientId, double pre, double post) {
    /** Validates. */
    public PrePost {
        if (patientId == null || patientId.isBlank()) {
            throw new ValidationException("pre/post pair", "patientId", String.valueOf(patientId), "a non-blank id");
        }
        if (!Double.isFinite(pre) || !Double.isFinite(post)) {
            throw new ValidationException("pre/post pair of " + patientId, "pre/post", pre + "/" + post,
                    "finite scores");
        }
    }
}
