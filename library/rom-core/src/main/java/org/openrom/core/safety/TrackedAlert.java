package org.openrom.core.safety;

import java.util.Objects;
import java.util.Optional;

/**
 * A safety alert as a monitor keeps it: open until a clinician acknowledges it.
 *
 * @param alert the alert
 * @param acknowledgement the acknowledgement, or empty while the alert is open
 */
public record TrackedAlert(SafetyAlert alert, Optional<Acknowledgement> acknowledgement) {
    /** Validates: an acknowledgement must be of this alert. */
    public TrackedAlert {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
        if (acknowledgement.isPresent() && !acknowledgement.get().alertId().equals(alert.id())) {
            throw new IllegalArgumentException("acknowledgement of " + acknowledgement.get().alertId() + " given for "
                    + alert.id());
        }
    }

    /** @return an open alert */
    public static TrackedAlert open(SafetyAlert alert) {
        return new TrackedAlert(alert, Optional.empty());
    }

    /** @return true while no clinician has acknowledged it */
    public boolean isOpen() {
        return acknowledgement.isEmpty();
    }
}
