package org.openrom.core.track;

import org.openrom.core.internal.Checks;

/**
 * One structured reason behind an assessment.
 *
 * @param code a stable machine-readable code, e.g. {@code deterioration}, {@code no-change}, {@code baseline}
 * @param sentence a plain-language sentence for clinicians, e.g.
 *     "ODSIS 15 is 3 points worse than baseline 12 at session 4"
 */
public record Finding(String code, String sentence) {
    /** Validates both fields. */
    public Finding {
        Checks.id("finding", "code", code);
        Checks.nonBlank("finding", "sentence", sentence);
    }
}
