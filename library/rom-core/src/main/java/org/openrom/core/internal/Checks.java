package org.openrom.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;

/** Argument checks shared by the value types. Not API. */
public final class Checks {
    /** The id grammar; {@link #isId} implements it without a regex (it runs for every administration). */
    public static final String ID_REGEX = "[a-z0-9][a-z0-9_-]{0,63}";

    private Checks() {
    }

    /** @return true when {@code s} is a valid OpenROM id (lower-case letters, digits, '-' and '_', at most 64) */
    public static boolean isId(String s) {
        return org.openrom.core.SafeText.isId(s);
    }

    /**
     * The one normal form of patient and group ids on every path (library, CSV, JSON Lines, FHIR, snapshots):
     * surrounding white space stripped, then Unicode NFC, so that "Søren" typed precomposed or decomposed is
     * one patient.
     *
     * @param id an id as given, may be null
     * @return its normal form, or null for null
     */
    public static String normalizeOpaqueId(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x300) {
                return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC);
            }
        }
        return s;
    }

    /**
     * Checks an opaque (patient or group) id in normal form: 1 to 128 characters, no control or format
     * characters (line breaks, terminal escapes, bidirectional overrides), no surrounding white space, NFC.
     *
     * @param id the id
     * @return null when valid, else what is expected
     */
    public static String opaqueIdProblem(String id) {
        String expected = "a non-blank opaque id of at most 128 characters without control characters";
        if (id == null || id.isEmpty() || id.length() > 128) {
            return expected;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c >= 0x7f && c < 0xa0 || c > 0x7f && isInvisible(c)) {
                return expected;
            }
            // a lone surrogate is no character: it cannot be written as UTF-8 and would become '?' in an output
            if (Character.isHighSurrogate(c) ? i + 1 >= id.length() || !Character.isLowSurrogate(id.charAt(++i))
                    : Character.isLowSurrogate(c)) {
                return expected + " (valid Unicode: no unpaired surrogate)";
            }
        }
        if (!id.equals(normalizeOpaqueId(id))) {
            return expected + " (in normal form: trimmed, Unicode NFC)";
        }
        return null;
    }

    /** @return the same as {@link #opaqueIdProblem}: patient ids follow the opaque-id rules */
    public static String patientIdProblem(String id) {
        return opaqueIdProblem(id);
    }

    private static boolean isInvisible(char c) {
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * @param subject what is validated
     * @param field the field name
     * @param value the value
     * @return the value
     * @throws ValidationException when the value is not an id
     */
    public static String id(String subject, String field, String value) {
        if (!isId(value)) {
            throw new ValidationException(subject, field, show(value),
                    "an id of lower-case letters, digits, '-' or '_' (1 to 64 characters, starting with a letter or digit)");
        }
        return value;
    }

    /**
     * @return the value
     * @throws ValidationException when blank
     */
    public static String nonBlank(String subject, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(subject, field, show(value), "a non-blank text");
        }
        return value;
    }

    /**
     * Renders a value for an error message without exposing free text: identifiers and numbers are
     * shown; anything else only by its length.
     *
     * @param value any value, may be null
     * @return a safe rendering
     */
    public static String show(Object value) {
        return org.openrom.core.SafeText.show(value);
    }

    /** A collector of violations for multi-field validation. */
    public static final class Problems {
        private final String subject;
        private List<Violation> list = List.of(); // allocated on the first violation: most checks find none

        /** @param subject what is validated */
        public Problems(String subject) {
            this.subject = subject;
        }

        /** Adds a violation. */
        public Problems add(String path, Object value, String expected) {
            mutable().add(new Violation(path, show(value), expected));
            return this;
        }

        /** Adds a violation whose value is already rendered. */
        public Problems addRaw(String path, String renderedValue, String expected) {
            mutable().add(new Violation(path, renderedValue, expected));
            return this;
        }

        /** Adds all violations of another exception, prefixing their paths. */
        public Problems addAll(String prefix, List<Violation> violations) {
            for (Violation v : violations) {
                mutable().add(new Violation(prefix.isEmpty() ? v.path() : prefix + "." + v.path(), v.value(), v.expected()));
            }
            return this;
        }

        private List<Violation> mutable() {
            if (!(list instanceof ArrayList)) {
                list = new ArrayList<>();
            }
            return list;
        }

        /** @return true when nothing was added */
        public boolean isEmpty() {
            return list.isEmpty();
        }

        /** @return the violations so far */
        public List<Violation> list() {
            return List.copyOf(list);
        }

        /** @throws ValidationException when anything was added */
        public void throwIfAny() {
            if (!list.isEmpty()) {
                throw new ValidationException(subject, list);
            }
        }
    }
}
