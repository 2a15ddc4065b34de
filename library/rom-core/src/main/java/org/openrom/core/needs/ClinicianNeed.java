package org.openrom.core.needs;

import java.util.Objects;
import org.openrom.core.internal.Checks;

/**
 * A need recorded by the therapist (e.g. after the status conversation), kept apart from inferred ones.
 *
 * @param subtheme the sub-theme id
 * @param occasion when it was recorded
 * @param note the therapist's note (free text: shown in reports, never logged)
 */
public record ClinicianNeed(String subtheme, int occasion, String note) {
    /** Validates. */
    public ClinicianNeed {
        Checks.id("clinician need", "subtheme", subtheme);
        Objects.requireNonNull(note, "note");
    }
}
