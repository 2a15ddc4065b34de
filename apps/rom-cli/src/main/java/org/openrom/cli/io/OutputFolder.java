package org.openrom.cli.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Writes a folder of outputs as one set: everything goes into a fresh sibling folder, which replaces the target
 * only when all of it was written. After a failure the target is exactly as before; a successful run leaves no
 * file of an earlier run behind. Only an absent or empty folder, or one that an earlier run made (it holds the
 * marker file {@value #MARKER}), is ever replaced, so that {@code --out ~} cannot remove a home directory.
 */
public final class OutputFolder {
    /** The marker file that identifies a folder this class wrote. */
    public static final String MARKER = ".openrom-output";

    /** Writes the files of a set into a folder. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param folder the (staging) folder to write into
         * @throws IOException when writing fails
         */
        void writeInto(Path folder) throws IOException;
    }

    private OutputFolder() {
    }

    /**
     * @param target the folder to (re)place
     * @param writer writes the set
     * @throws IOException when writing or the swap fails, or the target is not a folder this tool may replace
     */
    public static void replace(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs) && !replaceable(abs)) {
            throw new IOException(target + ": exists and is not an OpenROM output folder (no " + MARKER
                    + " file): choose a new or empty folder");
        }
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        String prefix = "." + abs.getFileName() + ".";
        removeStale(parent, prefix);
        long pid = ProcessHandle.current().pid();
        String tag = pid + "." + Long.toUnsignedString(System.nanoTime(), 36);
        Path staging = parent.resolve(prefix + tag + ".tmp");
        boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(staging);
        }
        try {
            writer.writeInto(staging);
            Files.writeString(staging.resolve(MARKER), "Written by the OpenROM command line; replaced as a whole by its next run.\n");
            if (posix && Files.exists(abs)) {
                Files.setPosixFilePermissions(staging, Files.getPosixFilePermissions(abs));
            }
            Path old = null;
            if (Files.exists(abs)) {
                old = parent.resolve(prefix + tag + ".old");
                move(abs, old);
            }
            move(staging, abs);
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    private static boolean replaceable(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.exists(dir.resolve(MARKER))) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Removes staging or old folders that a killed run (its process is gone) left behind. */
    private static void removeStale(Path parent, String prefix) {
        for (Path p : LeftBehind.stale(parent, prefix, java.util.List.of(".tmp", ".old"))) {
            try {
                if (Files.isDirectory(p)) {
                    deleteTree(p);
                }
            } catch (IOException e) {
                // best effort
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
