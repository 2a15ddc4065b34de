package org.openrom.cli.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an output file so that a failure never leaves a partial or exposed file behind.
 *
 * <ul>
 * <li>A regular file (or a new one) is written to a temporary file beside it, created owner-only (0600), and
 * moved into place by {@link #commit()}. Closing without committing deletes the temporary file; so does the
 * JVM's shutdown (SIGINT, SIGTERM). A temporary file left by a killed run (SIGKILL) is owner-only and is
 * removed by the next run that writes the same target (its name carries the writer's process id).</li>
 * <li>The committed file keeps the permissions of the file it replaces; a new file stays owner-only: outputs
 * hold patient data.</li>
 * <li>An existing target that is not a regular file (a device, a FIFO, {@code /dev/stdout}) is written
 * straight through, never replaced; there the output is not atomic.</li>
 * <li>No target, or {@code -}: standard output (not atomic: a failure may leave partial output there).</li>
 * </ul>
 */
public final class AtomicOutput implements AutoCloseable {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at shutdown
                }
            }
        }, "openrom-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final Writer writer;
    private final boolean ownsWriter;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, Writer writer, boolean ownsWriter) {
        this.target = target;
        this.temp = temp;
        this.writer = new Failing(writer, target == null ? "standard output" : target.toString());
        this.ownsWriter = ownsWriter;
    }

    /** Turns every write failure into an {@link OutputException} naming the target. */
    private static final class Failing extends Writer {
        private final Writer out;
        private final String target;

        Failing(Writer out, String target) {
            this.out = out;
            this.target = target;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            try {
                out.write(buf, off, len);
            } catch (IOException e) {
                throw new OutputException(target, e);
            }
        }

        @Override
        public void write(String str, int off, int len) {
            try {
                out.write(str, off, len);
            } catch (IOException e) {
                throw new OutputException(target, e);
            }
        }

        @Override
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new OutputException(target, e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new OutputException(target, e);
            }
        }
    }

    /**
     * @param target the file to write, or null or {@code -} for stdout
     * @return the output
     * @throws IOException when the temporary file cannot be created
     */
    public static AtomicOutput open(Path target) throws IOException {
        return open(target, new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    }

    /**
     * @param target the file to write, or null or {@code -} for {@code stdout}
     * @param stdout where to write when there is no target (flushed, not closed)
     * @return the output
     * @throws IOException when the target is a directory or the temporary file cannot be created
     */
    public static AtomicOutput open(Path target, Writer stdout) throws IOException {
        if (isStdout(target)) {
            return new AtomicOutput(null, null, new BufferedWriter(stdout), false);
        }
        if (Files.isDirectory(target)) {
            throw new IOException(target + ": is a directory, expected a file to write");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // a device or FIFO: renaming a file over it would replace the device with a file of patient data
            return new AtomicOutput(target, null, Files.newBufferedWriter(target, StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE), true);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = tempPrefix(target);
        removeStaleTemporaries(dir, prefix);
        Path temp = dir.resolve(prefix + ProcessHandle.current().pid() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + ".tmp");
        PENDING.add(temp);
        try {
            createOwnerOnly(temp);
        } catch (IOException | RuntimeException e) {
            PENDING.remove(temp);
            throw e;
        }
        return new AtomicOutput(target, temp, Files.newBufferedWriter(temp, StandardCharsets.UTF_8,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), true);
    }

    /** @return true for no target or {@code -} */
    public static boolean isStdout(Path target) {
        return target == null || target.toString().equals("-");
    }

    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    private static void createOwnerOnly(Path file) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Files.createFile(file, attrs);
    }

    /** Deletes temporaries of this target whose writing process no longer runs (a SIGKILL leaves them). */
    private static void removeStaleTemporaries(Path dir, String prefix) {
        for (Path p : LeftBehind.stale(dir, prefix, java.util.List.of(".tmp"))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    /** @return the writer */
    public Writer writer() {
        return writer;
    }

    /** @return the temporary file (null when writing straight through or to stdout) */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * Flushes and moves the file into place (or, written straight through, closes it).
     *
     * @throws IOException when the move fails
     */
    public void commit() throws IOException {
        writer.flush();
        if (ownsWriter) {
            writer.close();
        }
        if (temp != null) {
            if (Files.isRegularFile(target) && temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new OutputException(target.toString(), e);
            }
            PENDING.remove(temp);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        if (!ownsWriter) {
            writer.flush();
            return;
        }
        try {
            writer.close();
        } catch (OutputException e) {
            // the failure that made us close without committing has been reported already
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
                PENDING.remove(temp);
            }
        }
    }
}
