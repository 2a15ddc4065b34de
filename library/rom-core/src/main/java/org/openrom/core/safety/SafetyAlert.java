package org.openrom.core.safety;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.openrom.core.internal.Checks;

/**
 * A critical-item alert: one answer (or one unanswered item) that a clinician must see, whatever the total, the
 * trajectory or the track rules say. Raised by {@link org.openrom.core.instrument.Instrument#alerts} from the
 * instrument's {@linkplain org.openrom.core.instrument.CriticalItem critical items}, and carried by every path:
 * {@link org.openrom.core.score.Scores#alerts()}, {@link org.openrom.core.monitor.MonitorUpdate#alerts()}, and
 * {@link RejectedAdministrationException#alerts()} when the administration itself is rejected.
 *
 * <p>It holds a patient's answer: never log it.
 *
 * @param patientId the patient (opaque)
 * @param instrumentId the instrument
 * @param occasion the occasion, or -1 when the record's session could not be told (a form with no session and no
 *     date): the alert is raised all the same
 * @param date when the patient answered, if known
 * @param itemId the critical item
 * @param value the answer, or empty when the item was not answered ({@link #unanswered()})
 * @param severity how urgent
 * @param code the alert's code from the definition ({@code phq9-self-harm}); the wording shown to clinicians is
 *     clinic configuration ({@link AlertWording}), looked up by this code
 */
public record SafetyAlert(String patientId, String instrumentId, int occasion, Optional<LocalDate> date, String itemId,
        OptionalInt value, Severity severity, String code) {
    /** Validates. */
    public SafetyAlert {
        Checks.nonBlank("safety alert", "patientId", patientId);
        Checks.id("safety alert", "instrumentId", instrumentId);
        Objects.requireNonNull(date, "date");
        Checks.nonBlank("safety alert", "itemId", itemId);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(severity, "severity");
        Checks.nonBlank("safety alert", "code", code);
    }

    /**
     * @return the alert's identity within its patient: {@code instrument.item@occasion} ({@code phq9.q9@4}); one
     *     critical item raises at most one alert per administration, and a patient has one administration of an
     *     instrument per occasion
     */
    public String id() {
        return instrumentId + "." + itemId + "@" + (occasion < 0 ? "?" : String.valueOf(occasion));
    }

    /** @return true when the alert is about a critical item left unanswered (a skipped answer can hide risk) */
    public boolean unanswered() {
        return value.isEmpty();
    }

    /** A summary without the patient or the answer, for logs and exception messages. */
    @Override
    public String toString() {
        return "SafetyAlert[" + code + ", " + severity.code() + ", " + instrumentId + "." + itemId + "]";
    }
}
