package org.openrom.core;


/**
 * Helpers for messages that may reach logs: identifiers and numbers are shown, free text only by its
 * length. Use them in plugins and adapters so that no patient text leaks through an exception.
 */
public final class SafeText {
    private static final java.util.regex.Pattern SHOWABLE = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_.:+-]{0,40}");

    private SafeText() {
    }

    /**
     * @param value any value
     * @return numbers and identifier-like strings quoted as they are; other text as {@code <text of N characters>}
     */
    public static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        String s = String.valueOf(value);
        if (SHOWABLE.matcher(s).matches()) {
            return "'" + s + "'";
        }
        return "<text of " + s.length() + " characters>";
    }

    /**
     * @param s a string
     * @return whether it is a valid OpenROM id (lower-case letters, digits, '-' and '_', 1 to 64 characters)
     */
    public static boolean isId(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && (c == '_' || c == '-');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
