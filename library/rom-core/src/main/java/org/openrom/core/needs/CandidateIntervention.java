package org.openrom.core.needs;

import java.util.List;
import java.util.Objects;
import org.openrom.core.ValidationException;

/**
 * An add-on intervention offered because it serves at least one raised need.
 *
 * @param intervention the intervention id
 * @param serves the raised sub-themes it serves (at least one)
 */
public record CandidateIntervention(String intervention, List<String> serves) {
    /** Validates. */
    public CandidateIntervention {
        serves = List.copyOf(Objects.requireNonNull(serves, "serves"));
        if (serves.isEmpty()) {
            throw new ValidationException("candidate intervention " + intervention, "serves", "[]", "a raised need it serves");
        }
    }
}
