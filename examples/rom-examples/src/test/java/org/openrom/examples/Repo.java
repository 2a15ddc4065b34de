package org.openrom.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/** Where the repository's modules are: {@code <role folder>/<module>}, two levels below the root. */
final class Repo {
    /** The repository root, seen from a module's directory (where Maven runs its tests). */
    static final Path ROOT = Path.of("..", "..");

    private Repo() {
    }

    /** @return every module directory by module name (folders whose name starts with {@code rom-} and hold a pom) */
    static TreeMap<String, Path> modules() {
        TreeMap<String, Path> out = new TreeMap<>();
        try (var roles = Files.list(ROOT)) {
            for (Path role : roles.filter(Files::isDirectory).toList()) {
                try (var dirs = Files.list(role)) {
                    dirs.filter(d -> d.getFileName().toString().startsWith("rom-") && Files.exists(d.resolve("pom.xml")))
                            .forEach(d -> out.put(d.getFileName().toString(), d));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** @return the directory of module {@code name} */
    static Path module(String name) {
        Path dir = modules().get(name);
        if (dir == null) {
            throw new IllegalArgumentException("no module " + name + " below " + ROOT.toAbsolutePath().normalize());
        }
        return dir;
    }
}
