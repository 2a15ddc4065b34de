package org.openrom.core.score;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openrom.core.internal.Checks;
import org.openrom.core.safety.SafetyAlert;

/**
 * The scores of one administration, one per scale of the instrument, in the instrument's scale order.
 *
 * @param patientId the patient
 * @param instrumentId the instrument
 * @param occasion the occasion
 * @param date the administration date, if known
 * @param scores one score per scale
 * @param alerts the safety alerts of the administration's critical items (empty when none), independent of the scores
 */
public record Scores(String patientId, String instrumentId, int occasion, Optional<LocalDate> date,
        List<Score> scores, List<SafetyAlert> alerts) {

    /** Validates and copies. */
    public Scores {
        Checks.nonBlank("scores", "patientId", patientId);
        Checks.id("scores", "instrumentId", instrumentId);
        Objects.requireNonNull(date, "date");
        scores = List.copyOf(Objects.requireNonNull(scores, "scores"));
        alerts = List.copyOf(Objects.requireNonNull(alerts, "alerts"));
    }

    /**
     * Scores without safety alerts.
     *
     * @param patientId the patient
     * @param instrumentId the instrument
     * @param occasion the occasion
     * @param date the administration date, if known
     * @param scores one score per scale
     */
    public Scores(String patientId, String instrumentId, int occasion, Optional<LocalDate> date, List<Score> scores) {
        this(patientId, instrumentId, occasion, date, scores, List.of());
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
