package org.openrom.core.safety;

import java.util.List;
import org.openrom.core.ValidationException;

/**
 * An administration was rejected (invalid answers, an occasion out of order), and its critical items raised alerts
 * all the same: a rejection never swallows an alert. Catch {@link ValidationException} as usual and ask for
 * {@link #alerts()} when it is this type.
 */
public final class RejectedAdministrationException extends ValidationException {
    private static final long serialVersionUID = 1L;

    /** The alerts; transient: an exception that is serialised does not carry a patient's answers. */
    private final transient List<SafetyAlert> alerts;

    /**
     * @param rejection why the administration was rejected
     * @param alerts the alerts its critical items raised (at least one)
     */
    public RejectedAdministrationException(ValidationException rejection, List<SafetyAlert> alerts) {
        super(rejection);
        this.alerts = List.copyOf(java.util.Objects.requireNonNull(alerts, "alerts"));
        if (this.alerts.isEmpty()) {
            throw new IllegalArgumentException("alerts: got none, expected at least one");
        }
    }

    /** @return the alerts the rejected administration raised */
    public List<SafetyAlert> alerts() {
        return alerts == null ? List.of() : alerts;
    }
}
