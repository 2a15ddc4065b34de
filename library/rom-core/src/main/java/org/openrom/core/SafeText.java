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

    /** The most characters of a configuration text (a rule spec, an option) an error message quotes. */
    public static final int EXCERPT_CHARS = 120;

    /**
     * Quotes configuration text (a rule spec, a command-line option; never patient data) for an error message: at most
     * {@value #EXCERPT_CHARS} characters, then its length; control and format characters and unpaired surrogates as
     * a backslash, u and four hex digits, so that no terminal escape or line break reaches a terminal or a log.
     *
     * @param s a string, may be null
     * @return {@code 'the text'} or {@code 'the start…' (N characters)}
     */
    public static String excerpt(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), EXCERPT_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)
                    || c == '\u2028' || c == '\u2029') {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('\'');
        if (s.length() > n) {
            b.insert(b.length() - 1, "…").append(" (").append(s.length()).append(" characters)");
        }
        return b.toString();
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
