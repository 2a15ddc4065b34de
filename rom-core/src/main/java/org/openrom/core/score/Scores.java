package org.openrom.core.score;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openrom.core.internal.Checks;

/**
 * The scores of one administration, one per scale of the instrument, in the instrument's scale order.
 *
 * @param patientId the patient
 * @param instrumentId the instrument
 * @param occasion the occasion
 * @param date the administration date, if known
 * @param scores one score per scale
 */
public record Scores(String patientId, String instrumentId, int occasion, Optional<LocalDate> date,
        List<Score> scores) {

    /** Validates and copies. */
    public Scores {
        Checks.nonBlank("scores", "patientId", patientId);
        Checks.id("scores", "instrumentId", instrumentId);
        Objects.requireNonNull(date, "date");
        scores = List.copyOf(Objects.requireNonNull(scores, "scores"));
    }

    /**
     * @param qualifiedScaleId e.g. {@code odsis.total}
     * @return that scale's score, if the instrument has that scale
     */
    public Optional<Score> get(String qualifiedScaleId) {
        for (Score s : scores) {
            if (s.scale().equals(qualifiedScaleId)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
