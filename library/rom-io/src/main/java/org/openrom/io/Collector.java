package org.openrom.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.openrom.core.DataFormatException;

/** Where the rows of a patient go while a file is read: the one patient streamed, or the sorter. */
interface Collector {
    /**
     * @param patientId the patient of the row
     * @param line the row's line, for messages
     * @return the patient's parts, to add the row to
     */
    PatientParts parts(String patientId, long line);

    /** Called after each row. */
    void added();

    /** Called after the last row. */
    void finish();


    /** A failure to write a sort run, carried out of the row loop. */
    final class SortRunFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        SortRunFailure(IOException cause) {
            super(cause);
        }
    }

    /**
     * A file sorted by patient, declared so or found so by a scan: one patient in memory, and a patient out of order is
     * an error.
     */
    final class Streaming implements Collector {
        private final String name;
        private final Consumer<PatientParts> emit;
        private final boolean declared;
        private PatientParts current;

        Streaming(String name, Consumer<PatientParts> emit, boolean declared) {
            this.name = name;
            this.emit = emit;
            this.declared = declared;
        }

        @Override
        public PatientParts parts(String patientId, long line) {
            if (current != null && current.patientId.equals(patientId)) {
                return current;
            }
            if (current != null) {
                // strictly increasing ids also rule out a patient whose rows come back later
                if (NaturalOrder.INSTANCE.compare(current.patientId, patientId) >= 0) {
                    throw new DataFormatException(name, line, 0, declared ? "patients are not sorted here (the file "
                            + "was declared sorted by patient): sort it by patient id, or read it without declaring it "
                            + "sorted" : "patients are not sorted here, though a first pass found the file sorted: did "
                            + "the file change while it was being read? Run again when it is complete", null);
                }
                emit.accept(current);
            }
            current = new PatientParts(patientId);
            return current;
        }

        @Override
        public void added() {
        }

        @Override
        public void finish() {
            if (current != null) {
                emit.accept(current);
                current = null;
            }
        }
    }

    /** Any other file: the sorter collects every patient, spilling sorted runs to disk. */
    final class Sorting implements Collector {
        private final PatientSorter sorter;
        private PatientParts current;

        Sorting(PatientSorter sorter) {
            this.sorter = sorter;
        }

        @Override
        public PatientParts parts(String patientId, long line) {
            if (current == null || !current.patientId.equals(patientId)) {
                current = sorter.parts(patientId);
            }
            return current;
        }

        @Override
        public void added() {
            try {
                if (sorter.added()) {
                    current = null;
                }
            } catch (IOException e) {
                throw new SortRunFailure(new IOException("cannot write a sort run to the temporary directory "
                        + "(java.io.tmpdir): " + e.getMessage() + "; free space there, or pass the file sorted by "
                        + "patient and declare it so", e));
            }
        }

        @Override
        public void finish() {
        }
    }
}
