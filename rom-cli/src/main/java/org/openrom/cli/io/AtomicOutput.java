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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file atomically: to a temporary file beside the target, moved into place by {@link #commit()}.
 * Closing without committing deletes the temporary file; so does the JVM's shutdown (SIGINT, SIGTERM), so
 * an interrupted run never leaves a partial output behind. With no target, writes to stdout.
 */
public final class AtomicOutput implements AutoCloseable {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

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
    private boolean committed;

    private AtomicOutput(Path target, Path temp, Writer writer) {
        this.target = target;
        this.temp = temp;
        this.writer = writer;
    }

    /**
     * @param target the file to write, or null for stdout
     * @return the output
     * @throws IOException when the temporary file cannot be created
     */
    public static AtomicOutput open(Path target) throws IOException {
        return open(target, new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    }

    /**
     * @param target the file to write, or null for {@code stdout}
     * @param stdout where to write when there is no target (flushed, not closed)
     * @return the output
     * @throws IOException when the temporary file cannot be created
     */
    public static AtomicOutput open(Path target, Writer stdout) throws IOException {
        if (target == null) {
            return new AtomicOutput(null, null, new BufferedWriter(stdout));
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // not Files.createTempFile: that makes the file owner-only; the output should get the usual permissions
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        PENDING.add(temp);
        return new AtomicOutput(target, temp, Files.newBufferedWriter(temp, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    /** @return the writer */
    public Writer writer() {
        return writer;
    }

    /** @return the temporary file (null for stdout) */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * Flushes and moves the file into place.
     *
     * @throws IOException when the move fails
     */
    public void commit() throws IOException {
        writer.flush();
        if (target != null) {
            writer.close();
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            PENDING.remove(temp);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (target == null) {
            writer.flush();
            return;
        }
        if (!committed) {
            try {
                writer.close();
            } finally {
                Files.deleteIfExists(temp);
                PENDING.remove(temp);
            }
        }
    }
}
