package org.openrom.core.instrument;

import org.openrom.core.internal.Checks;

/**
 * A severity band of a scale: scores from {@code from} (inclusive) up to the next band's {@code from}.
 *
 * @param from the lowest score in the band
 * @param label the band's name, e.g. {@code moderate}
 */
public record Band(double from, String label) {
    /** Validates the bound and label. */
    public Band {
        if (!Double.isFinite(from)) {
            throw new org.openrom.core.ValidationException("band", "from", String.valueOf(from), "a finite number");
        }
        Checks.nonBlank("band", "label", label);
    }
}
