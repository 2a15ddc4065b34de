package org.openrom.core;

import java.util.List;
import java.util.stream.Collectors;

/** A value or input was rejected; {@link #violations()} lists every reason, not just the first. */
public class ValidationException extends RomException {
    /** How many violations the message spells out; the rest are counted ({@link #violations()} has them all). */
    public static final int MESSAGE_LIMIT = 20;
    private static final long serialVersionUID = 1L;
    private final transient List<Violation> violations;

    /**
     * @param subject what was being validated, e.g. {@code administration of odsis}
     * @param violations every problem found (at least one)
     */
    public ValidationException(String subject, List<Violation> violations) {
        super(message(subject, java.util.Objects.requireNonNull(violations, "violations")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    /**
     * Convenience for a single violation.
     *
     * @param subject what was being validated
     * @param path where
     * @param value what was found
     * @param expected what was expected
     */
    public ValidationException(String subject, String path, String value, String expected) {
        this(subject, List.of(new Violation(path, value, expected)));
    }

    /**
     * The same rejection as another, with another type (for subclasses that add to it).
     *
     * @param rejection the rejection
     */
    protected ValidationException(ValidationException rejection) {
        super(java.util.Objects.requireNonNull(rejection, "rejection").getMessage(), rejection);
        this.violations = rejection.violations();
    }

    /** @return every violation found, in the order found */
    public List<Violation> violations() {
        return violations;
    }

    private static String message(String subject, List<Violation> violations) {
        return "Invalid " + subject + " (" + violations.size() + " problem"
                + (violations.size() == 1 ? "" : "s") + "): "
                + violations.stream().limit(MESSAGE_LIMIT).map(Violation::toString).collect(Collectors.joining("; "))
                + (violations.size() > MESSAGE_LIMIT ? "; … and " + (violations.size() - MESSAGE_LIMIT) + " more" : "");
    }
}
