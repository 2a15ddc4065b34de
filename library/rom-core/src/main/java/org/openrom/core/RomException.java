package org.openrom.core;

/**
 * Root of every exception OpenROM throws on purpose.
 *
 * <p>Messages name the offending field, value and what was expected. They may name opaque
 * identifiers (patient ids, item ids, line numbers) but never free text written by a patient.
 */
public class RomException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming field, value and expectation */
    public RomException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RomException(String message, Throwable cause) {
        super(message, cause);
    }
}
