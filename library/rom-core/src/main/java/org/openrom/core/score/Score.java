package org.openrom.core.score;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.openrom.core.ValidationException;

/**
 * The score of one scale for one administration: a value, or absent with the reason.
 *
 * @param scale the qualified scale id, e.g. {@code odsis.total}
 * @param value the score, absent when the scale could not be scored
 * @param missingReason why the value is absent (present exactly when the value is absent)
 * @param itemsAnswered how many of the scale's items had an answer (before substitution)
 * @param itemsTotal how many items the scale has
 * @param prorated whether a substitution or proration was applied
 */
public record Score(String scale, OptionalDouble value, Optional<String> missingReason, int itemsAnswered,
        int itemsTotal, boolean prorated) {

    /** Validates consistency between value, reason and counts. */
    public Score {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(missingReason, "missingReason");
        if (value.isPresent() == missingReason.isPresent()) {
            throw new ValidationException("score " + scale, "missingReason", missingReason.isPresent() ? "present" : "absent",
                    "a reason exactly when the value is absent");
        }
        if (value.isPresent() && !Double.isFinite(value.getAsDouble())) {
            throw new ValidationException("score " + scale, "value", String.valueOf(value.getAsDouble()), "a finite number");
        }
        if (itemsAnswered < 0 || itemsTotal < 0 || itemsAnswered > itemsTotal) {
            throw new ValidationException("score " + scale, "itemsAnswered", String.valueOf(itemsAnswered),
                    "between 0 and itemsTotal " + itemsTotal);
        }
        if (prorated && value.isEmpty()) {
            throw new ValidationException("score " + scale, "prorated", "true", "false when not scored");
        }
    }

    /**
     * @return a scored value
     */
    public static Score of(String scale, double value, int answered, int total, boolean prorated) {
        return new Score(scale, OptionalDouble.of(value), Optional.empty(), answered, total, prorated);
    }

    /**
     * @return an absent score with its reason
     */
    public static Score notScored(String scale, String reason, int answered, int total) {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(reason, "reason");
        return new Score(scale, OptionalDouble.empty(), Optional.of(reason), answered, total, false);
    }

    /** @return true when a value is present */
    public boolean isScored() {
        return value.isPresent();
    }
}
