package org.openrom.core.safety;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;

/**
 * A clinician's acknowledgement of a safety alert: who (an opaque id, never a name), when, and optionally what was
 * done, as a code ({@code called-patient}, {@code crisis-plan-reviewed}); never free text, so that nothing a
 * clinician types about a patient ends up in the monitor's state, its snapshots or its logs. Once acknowledged, an
 * alert leaves the "act now" places (the report's alert box, the group row's mark, the worklist) and is listed with
 * its acknowledgement instead.
 *
 * @param alertId the alert ({@link SafetyAlert#id()})
 * @param by the clinician (opaque id)
 * @param at when
 * @param action what was done, a code ({@code [a-z0-9][a-z0-9_-]*}, at most 64 characters), if given
 */
public record Acknowledgement(String alertId, String by, Instant at, Optional<String> action) {
    /** Validates: every field names what was wrong and what was expected. */
    public Acknowledgement {
        Checks.nonBlank("acknowledgement", "alertId", alertId);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        String problem = Checks.opaqueIdProblem(by);
        if (problem != null) {
            throw new ValidationException("acknowledgement", "by", Checks.show(by), problem);
        }
        if (action.isPresent() && (action.get().length() > 64 || !Checks.isId(action.get()))) {
            throw new ValidationException("acknowledgement", "action", Checks.show(action.get()),
                    "a code of lower-case letters, digits, '-' or '_' (at most 64 characters), never free text");
        }
    }

    /** A summary without the clinician, for logs. */
    @Override
    public String toString() {
        return "Acknowledgement[" + alertId + ", " + at + action.map(a -> ", " + a).orElse("") + "]";
    }
}
