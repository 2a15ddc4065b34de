package org.openrom.core.safety;

import java.util.Locale;

/** How urgent a safety alert is; the levels of FHIR's {@code DetectedIssue.severity}. */
public enum Severity {
    /** Act the same day (a positive self-harm item). */
    HIGH,
    /** Review at the next contact. */
    MODERATE,
    /** For information. */
    LOW;

    /** @return the lower-case code ({@code high}), as in definitions, JSON and FHIR */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param code {@code high}, {@code moderate} or {@code low}
     * @return the severity
     * @throws IllegalArgumentException for any other code
     */
    public static Severity of(String code) {
        java.util.Objects.requireNonNull(code, "code");
        for (Severity s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity: got '" + code + "', expected high, moderate or low");
    }
}
