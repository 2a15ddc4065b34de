package org.openrom.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts the patients of a file read in any order into natural order of patient id, in bounded memory: patients are
 * collected in memory until {@code bufferRows} rows are held, then written as a sorted run to a temporary file;
 * at the end the runs and what is still in memory are merged, the parts of one patient in file order. A file that
 * fits in the buffer never touches the disk.
 *
 * <p>Runs are owner-only files in {@code java.io.tmpdir} (they hold the same patient data as the input), deleted
 * when the merge ends or fails.
 */
final class PatientSorter implements AutoCloseable {
    private final int bufferRows;
    private final Path dir;
    private TreeMap<String, PatientParts> buffer = new TreeMap<>(NaturalOrder.INSTANCE);
    private final List<Path> runs = new ArrayList<>();
    private long held;
    /** The last patient asked for, and whether every new one so far came after all before it. */
    private String last;
    private boolean sorted = true;

    PatientSorter(int bufferRows, Path dir) {
        this.bufferRows = bufferRows;
        this.dir = dir;
    }

    /** @return the parts of this patient in the buffer, created if new */
    PatientParts parts(String patientId) {
        if (last != null && !last.equals(patientId)) {
            sorted &= NaturalOrder.INSTANCE.compare(last, patientId) < 0;
        }
        last = patientId;
        return buffer.computeIfAbsent(patientId, PatientParts::new);
    }

    /** @return whether the rows came sorted by patient (each patient's rows together, in natural order) */
    boolean cameSorted() {
        return sorted;
    }

    /**
     * Counts a row added to the buffer; when the buffer is full it is written out as a run.
     *
     * @return true when the buffer was written out (parts handed out before are no longer in it)
     */
    boolean added() throws IOException {
        if (++held < bufferRows) {
            return false;
        }
        spill();
        return true;
    }

    /** @return the number of runs written so far */
    int runs() {
        return runs.size();
    }

    private void spill() throws IOException {
        Path run = Files.createTempFile(dir, "openrom-sort-", ".run",
                dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? new java.nio.file.attribute.FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                        : new java.nio.file.attribute.FileAttribute<?>[0]);
        runs.add(run);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            for (PatientParts p : buffer.values()) {
                out.writeBoolean(true);
                p.write(out);
            }
            out.writeBoolean(false);
        }
        buffer = new TreeMap<>(NaturalOrder.INSTANCE);
        held = 0;
    }

    /** Emits every patient's parts in natural order of id, the parts of one patient merged in file order. */
    void deliver(PatientParts.Source src, Consumer<PatientParts> emit) throws IOException {
        if (runs.isEmpty()) {
            for (PatientParts p : buffer.values()) {
                emit.accept(p);
            }
            return;
        }
        List<Run> open = new ArrayList<>();
        try {
            PriorityQueue<Run> queue = new PriorityQueue<>((a, b) -> {
                int c = NaturalOrder.INSTANCE.compare(a.head.patientId, b.head.patientId);
                return c != 0 ? c : Integer.compare(a.order, b.order);
            });
            for (int i = 0; i < runs.size(); i++) {
                Run r = new Run(src, i, runs.get(i));
                open.add(r);
                if (r.advance()) {
                    queue.add(r);
                }
            }
            Run memory = new Run(src, runs.size(), buffer.values().iterator());
            if (memory.advance()) {
                queue.add(memory);
            }
            while (!queue.isEmpty()) {
                Run first = queue.poll();
                PatientParts p = first.head;
                if (first.advance()) {
                    queue.add(first);
                }
                // runs with the same patient come out in run order, which is file order
                while (!queue.isEmpty() && queue.peek().head.patientId.equals(p.patientId)) {
                    Run r = queue.poll();
                    p.merge(src, r.head);
                    if (r.advance()) {
                        queue.add(r);
                    }
                }
                emit.accept(p);
            }
        } finally {
            for (Run r : open) {
                r.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                failed = e;
            }
        }
        runs.clear();
        buffer = new TreeMap<>(NaturalOrder.INSTANCE);
        if (failed != null) {
            throw failed;
        }
    }

    /** One sorted source: a run on disk, or the buffer still in memory. */
    private static final class Run {
        final PatientParts.Source src;
        final int order;
        private final DataInputStream in;
        private final Iterator<PatientParts> memory;
        PatientParts head;

        Run(PatientParts.Source src, int order, Path file) throws IOException {
            this.src = src;
            this.order = order;
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            this.memory = null;
        }

        Run(PatientParts.Source src, int order, Iterator<PatientParts> memory) {
            this.src = src;
            this.order = order;
            this.in = null;
            this.memory = memory;
        }

        boolean advance() throws IOException {
            if (memory != null) {
                head = memory.hasNext() ? memory.next() : null;
            } else {
                head = in.readBoolean() ? PatientParts.read(in, src) : null;
            }
            return head != null;
        }

        void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
