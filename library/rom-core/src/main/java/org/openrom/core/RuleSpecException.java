package org.openrom.core;

/** A rule spec that cannot be parsed, names an unknown rule or parameter, or gives a bad value. */
public class RuleSpecException extends RomException {
    private static final long serialVersionUID = 1L;

    /** @param message names the spec, the problem and what is accepted */
    public RuleSpecException(String message) {
        super(message);
    }
}
