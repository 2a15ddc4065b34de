package org.openrom.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every long-running command shares: progress, quietness and the reproducibility manifest.
 * A picocli mixin, so the names and their help are the same in every command.
 */
final class RunOptions {
    /** When the progress bar shows. */
    enum ProgressMode {
        /** when standard error is a terminal */
        auto,
        /** always (for example in a CI log) */
        always,
        /** never */
        never
    }

    @Option(names = "--quiet", description = "no progress and no summary line on stderr (warnings and errors still show)")
    boolean quiet;

    @Option(names = "--progress", defaultValue = "auto", description = "auto (when stderr is a terminal), always or "
            + "never (default: ${DEFAULT-VALUE})")
    ProgressMode progress;

    @Option(names = "--manifest", description = "write a JSON manifest: command and arguments, library, Java and rule "
            + "versions, canonical rule specs, seed, and the SHA-256 of every input and output file")
    Path manifest;
}
