package org.openrom.core.instrument;

import java.util.Objects;
import java.util.Optional;
import org.openrom.core.internal.Checks;
import org.openrom.core.safety.Severity;

/**
 * A critical item of an instrument: an answer within {@code [atLeast, atMost]} raises a
 * {@link org.openrom.core.safety.SafetyAlert} on its own, whatever the other answers, the score, the trajectory or any
 * track rule. Declared in the instrument definition ({@code criticalItems}) or with
 * {@link Instrument.Builder#criticalItem}. PHQ-9 item 9 (thoughts of being better off dead or of self-harm) is one
 * with {@code atLeast = 1}: any positive answer.
 *
 * @param itemId the item (ordinal)
 * @param atLeast the lowest answer that alerts
 * @param atMost the highest answer that alerts ({@code Integer.MAX_VALUE}: no upper limit)
 * @param severity the alert's severity
 * @param code the alert's code, by which clinics configure its wording ({@code phq9-self-harm})
 * @param unanswered when present, leaving the item unanswered raises an alert of its own with this severity and code
 *     (a skipped answer can hide risk)
 */
public record CriticalItem(String itemId, int atLeast, int atMost, Severity severity, String code,
        Optional<Unanswered> unanswered) {
    /** Validates. */
    public CriticalItem {
        Checks.nonBlank("critical item", "itemId", itemId);
        Objects.requireNonNull(severity, "severity");
        Checks.id("critical item " + itemId, "code", code);
        Objects.requireNonNull(unanswered, "unanswered");
        if (atLeast > atMost) {
            throw new org.openrom.core.ValidationException("critical item " + itemId, "atMost", String.valueOf(atMost),
                    "at least atLeast (" + atLeast + ")");
        }
    }

    /**
     * What an unanswered critical item raises.
     *
     * @param severity the severity
     * @param code the code
     */
    public record Unanswered(Severity severity, String code) {
        /** Validates. */
        public Unanswered {
            Objects.requireNonNull(severity, "severity");
            Checks.id("unanswered critical item", "code", code);
        }
    }

    /**
     * @param answer an answer to the item
     * @return whether it alerts
     */
    public boolean alerts(int answer) {
        return answer >= atLeast && answer <= atMost;
    }
}
