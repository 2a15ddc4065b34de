package org.openrom.core.needs;

import java.util.List;
import java.util.Objects;
import org.openrom.core.ValidationException;

/**
 * A sub-theme raised for a patient, with what raised it: inferred evidence and/or clinician confirmations,
 * kept apart.
 *
 * @param subtheme the sub-theme id
 * @param theme its theme id
 * @param rank 1 = most supported (more evidence first, then more often raised in the study's interviews)
 * @param evidence inferred evidence
 * @param confirmations clinician-recorded needs
 */
public record RaisedNeed(String subtheme, String theme, int rank, List<Evidence> evidence,
        List<ClinicianNeed> confirmations) {
    /** Validates that the need has a reason. */
    public RaisedNeed {
        evidence = List.copyOf(Objects.requireNonNull(evidence, "evidence"));
        confirmations = List.copyOf(Objects.requireNonNull(confirmations, "confirmations"));
        if (evidence.isEmpty() && confirmations.isEmpty()) {
            throw new ValidationException("raised need " + subtheme, "evidence", "[]",
                    "at least one piece of evidence or a clinician confirmation");
        }
    }

    /** @return true when a clinician confirmed it */
    public boolean confirmed() {
        return !confirmations.isEmpty();
    }

    /** @return true when ROM evidence inferred it */
    public boolean inferred() {
        return !evidence.isEmpty();
    }
}
