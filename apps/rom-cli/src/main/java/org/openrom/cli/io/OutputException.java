package org.openrom.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writing an output failed (a full disk, a closed pipe, no permission): never the input's fault, so the
 * command line reports it with its own exit code and the operating system's reason.
 */
public final class OutputException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param target what was written (a file name or {@code standard output})
     * @param cause the failure
     */
    public OutputException(String target, IOException cause) {
        super("cannot write " + target + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage()), cause);
    }
}
