package org.openrom.core;

import java.util.Objects;

/**
 * One reason a value was rejected.
 *
 * @param path where the problem is, e.g. {@code answers.q3} or {@code scales[1].items}
 * @param value the offending value as shown to the user (free text is never shown, only its length)
 * @param expected what would have been accepted
 */
public record Violation(String path, String value, String expected) {
    /** Validates that no component is null. */
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expected, "expected");
    }

    /** @return {@code path: got value, expected expectation} */
    @Override
    public String toString() {
        return path + ": got " + value + ", expected " + expected;
    }
}
