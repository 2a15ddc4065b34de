package org.openrom.core;

/** A registry, plugin or definition cannot be assembled (duplicate ids, a provider that fails to load…). */
public class ConfigurationException extends RomException {
    private static final long serialVersionUID = 1L;

    /** @param message names the conflicting or failing parts */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message names the failing part
     * @param cause the underlying failure
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
