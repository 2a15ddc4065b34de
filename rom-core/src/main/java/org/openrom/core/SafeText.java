package org.openrom.core;

import org.openrom.core.internal.Checks;

/**
 * Helpers for messages that may reach logs: identifiers and numbers are shown, free text only by its
 * length. Use them in plugins and adapters so that no patient text leaks through an exception.
 */
public final class SafeText {
    private SafeText() {
    }

    /**
     * @param value any value
     * @return numbers and identifier-like strings quoted as they are; other text as {@code <text of N characters>}
     */
    public static String show(Object value) {
        return Checks.show(value);
    }

    /**
     * @param s a string
     * @return whether it is a valid OpenROM id (lower-case letters, digits, '-' and '_', 1 to 64 characters)
     */
    public static boolean isId(String s) {
        return Checks.isId(s);
    }
}
