package org.openrom.cli.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Temporaries that a killed run left behind. Their names are {@code prefix + pid + "." + … + suffix}: one whose
 * writing process no longer runs is stale; one of a running process (or not of this form) is left alone.
 */
final class LeftBehind {
    private LeftBehind() {
    }

    /**
     * @param dir the folder
     * @param prefix the target's prefix, e.g. {@code .out.jsonl.}
     * @param suffixes the suffixes of temporaries
     * @return the stale entries (best effort: empty when the folder cannot be listed)
     */
    static List<Path> stale(Path dir, String prefix, List<String> suffixes) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, e -> {
            String n = e.getFileName().toString();
            return n.startsWith(prefix) && suffixes.stream().anyMatch(n::endsWith);
        })) {
            List<Path> out = new java.util.ArrayList<>();
            for (Path p : entries) {
                OptionalLong pid = pid(p.getFileName().toString().substring(prefix.length()));
                if (pid.isPresent() && pid.getAsLong() != ProcessHandle.current().pid()
                        && ProcessHandle.of(pid.getAsLong()).isEmpty()) {
                    out.add(p);
                }
            }
            return out;
        } catch (IOException e) {
            return List.of(); // cleaning is best effort; writing the new output does not depend on it
        }
    }

    private static OptionalLong pid(String rest) {
        int dot = rest.indexOf('.');
        try {
            return OptionalLong.of(Long.parseLong(dot < 0 ? rest : rest.substring(0, dot)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // not one of ours
        }
    }
}
