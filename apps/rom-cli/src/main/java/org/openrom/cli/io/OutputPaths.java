package org.openrom.cli.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before anything is read or written, a command whose output would overwrite one of its inputs or
 * another of its outputs ({@code --out} equal to {@code --in}, {@code --truth} equal to {@code --out}, a
 * hard link or a symbolic link to either).
 */
public final class OutputPaths {
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();

    private OutputPaths() {
    }

    /** @return an empty check */
    public static OutputPaths check() {
        return new OutputPaths();
    }

    /** @return this, with an input (ignored when null) */
    public OutputPaths input(String option, Path path) {
        if (path != null) {
            inputs.put(option, path);
        }
        return this;
    }

    /** @return this, with an output (ignored when null or stdout) */
    public OutputPaths output(String option, Path path) {
        if (!AtomicOutput.isStdout(path)) {
            outputs.put(option, path);
        }
        return this;
    }

    /**
     * @throws IllegalArgumentException naming both options when two of them are one file
     */
    public void verify() {
        List<Map.Entry<String, Path>> outs = new ArrayList<>(outputs.entrySet());
        for (int i = 0; i < outs.size(); i++) {
            Map.Entry<String, Path> out = outs.get(i);
            if (Files.exists(out.getValue()) && !Files.isRegularFile(out.getValue())) {
                continue; // a device or FIFO is written through and may well be shared (/dev/null)
            }
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                if (same(out.getValue(), in.getValue())) {
                    throw new IllegalArgumentException(out.getKey() + " " + out.getValue() + " is the same file as "
                            + in.getKey() + ": writing it would destroy the input; choose another output");
                }
            }
            for (int j = 0; j < i; j++) {
                if (same(out.getValue(), outs.get(j).getValue())) {
                    throw new IllegalArgumentException(out.getKey() + " and " + outs.get(j).getKey() + " name the same file "
                            + out.getValue() + ": one would overwrite the other");
                }
            }
        }
    }

    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to comparing the names
        }
        return resolved(a).equals(resolved(b));
    }

    private static Path resolved(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            if (parent != null && Files.exists(parent)) {
                return parent.toRealPath().resolve(abs.getFileName());
            }
        } catch (IOException e) {
            // keep the normalised path
        }
        return abs;
    }
}
