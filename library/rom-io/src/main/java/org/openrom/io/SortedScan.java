package org.openrom.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.openrom.core.score.Administration;

/**
 * Whether a CSV cohort file is already sorted by patient, found by one pass over its bytes before it is read: then it
 * is streamed (one patient in memory, no sort runs on disk) without the user declaring it. Exports usually come
 * sorted, and a user should not have to know a flag for the fast path.
 *
 * <p>The pass reads only the patient id column: each line's field at that position, compared with the line before
 * only when its bytes differ, as the reader will compare it (the id normalised, then {@link NaturalOrder}); it stops at
 * the first patient out of order. It answers "sorted" only when it is sure: a line with a quote, or an id that does
 * not read as a valid one, makes it answer "not known", and the file takes the sorting path as before. The streamed
 * read still checks the order, so a file that changes between the two passes is an error, never a wrong result (and
 * the reader's fingerprint catches the change).
 */
final class SortedScan {
    private static final int BUFFER = 1 << 20;
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private SortedScan() {
    }

    /**
     * @param file a CSV file with a header line
     * @param patientColumn the 0-based position of {@code patient_id} in the header
     * @return true when every patient's rows are contiguous and the patients come in natural order of id
     * @throws IOException when the file cannot be read
     */
    static boolean sorted(Path file, int patientColumn) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new SortedScan.Pass(patientColumn).run(in);
        }
    }

    /** One pass: the state of the line being read. */
    private static final class Pass {
        private final int column;
        private byte[] field = new byte[64];
        private int fieldLength;
        private byte[] previous = new byte[64];
        private int previousLength = -1;
        private String previousId;
        private boolean header = true;
        private int at;
        private boolean quoted;

        Pass(int column) {
            this.column = column;
        }

        boolean run(InputStream in) throws IOException {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.readNBytes(buf, 0, BUFFER)) > 0;) {
                for (int i = 0; i < n; i++) {
                    if (at > column) {
                        // past the id: only a line end or a quote matters; skip eight bytes at a time to the next
                        i = nextLineEndOrQuote(buf, i, n);
                        if (i == n) {
                            break;
                        }
                    }
                    byte b = buf[i];
                    if (b == '\n') {
                        if (!endOfLine()) {
                            return false;
                        }
                    } else if (b == '"') {
                        quoted = true;
                    } else if (b == ',') {
                        at++;
                    } else if (at == column && b != '\r') {
                        if (fieldLength == field.length) {
                            field = Arrays.copyOf(field, field.length * 2);
                        }
                        field[fieldLength++] = b;
                    }
                }
            }
            return (at == 0 && fieldLength == 0 && !quoted) || endOfLine();
        }

        /**
         * @return the position of the first line feed or quote at or after {@code from}, or {@code n}: eight bytes at a
         *     time, each word tested for a byte equal to either (the classic "has a zero byte" test on the word XORed
         *     with each byte repeated)
         */
        private static int nextLineEndOrQuote(byte[] buf, int from, int n) {
            int i = from;
            while (i + 8 <= n) {
                long w = (long) LONGS.get(buf, i);
                long x = w ^ 0x0A0A0A0A0A0A0A0AL;
                long y = w ^ 0x2222222222222222L;
                long found = ((x - 0x0101010101010101L) & ~x | (y - 0x0101010101010101L) & ~y) & 0x8080808080808080L;
                if (found != 0) {
                    break;
                }
                i += 8;
            }
            while (i < n && buf[i] != '\n' && buf[i] != '"') {
                i++;
            }
            return i;
        }

        /** @return false when the line shows the file is not (known to be) sorted */
        private boolean endOfLine() {
            try {
                if (header || at == 0 && fieldLength == 0 && !quoted) {
                    header = false;
                    return true; // the header, or a blank line (the reader skips it)
                }
                if (quoted) {
                    return false;
                }
                if (fieldLength == previousLength && Arrays.equals(field, 0, fieldLength, previous, 0, previousLength)) {
                    return true;
                }
                String id = Administration.normalizeId(new String(field, 0, fieldLength, StandardCharsets.UTF_8));
                if (!Administration.isValidId(id)
                        || previousId != null && NaturalOrder.INSTANCE.compare(previousId, id) >= 0) {
                    return false;
                }
                previousId = id;
                byte[] swap = previous;
                previous = field;
                field = swap;
                previousLength = fieldLength;
                return true;
            } finally {
                fieldLength = 0;
                at = 0;
                quoted = false;
            }
        }
    }
}
