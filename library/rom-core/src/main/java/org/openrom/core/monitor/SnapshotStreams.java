package org.openrom.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.openrom.core.DataFormatException;
import org.openrom.core.internal.Json;

/** The byte streams of a snapshot: lines read with a digest, and an output a writer may not close. */
final class SnapshotStreams {
    private SnapshotStreams() {
    }

    /** Reads '\n'-terminated lines of bounded length, feeding every byte to a digest. */
    static final class LineReader {
        private final InputStream in;
        private final MessageDigest sha;
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] line = new byte[256];
        private long number;

        LineReader(InputStream in, MessageDigest sha) {
            this.in = in;
            this.sha = sha;
        }

        long number() {
            return number;
        }

        /** @return the digest of everything read so far (the digest itself continues) */
        byte[] peekDigest() {
            try {
                return ((MessageDigest) sha.clone()).digest();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests are cloneable", e);
            }
        }

        JsonNode next(String what) {
            int n = 0;
            number++;
            while (true) {
                if (pos == limit && !fill()) {
                    throw MonitorSnapshots.bad(number, "record", n == 0 ? "the snapshot ends early: expected " + what
                            : "the last line is incomplete (no line break): the snapshot was truncated");
                }
                byte b = buffer[pos++];
                if (b == '\n') {
                    break;
                }
                if (n == line.length) {
                    if (n >= Json.MAX_DOCUMENT_LENGTH) {
                        throw MonitorSnapshots.bad(number, "record", "longer than " + Json.MAX_DOCUMENT_LENGTH + " bytes");
                    }
                    line = Arrays.copyOf(line, (int) Math.min(Json.MAX_DOCUMENT_LENGTH, 2L * n));
                }
                line[n++] = b;
            }
            sha.update(line, 0, n);
            sha.update((byte) '\n');
            try {
                return Json.readTree(new ByteArrayInputStream(line, 0, n), MonitorSnapshots.SOURCE + ":" + number);
            } catch (DataFormatException e) {
                throw new DataFormatException(MonitorSnapshots.SOURCE, number, e.column().orElse(0L), "not a JSON record ("
                        + e.getMessage().substring(e.getMessage().indexOf(": ") + 2) + ")", null);
            }
        }

        void expectEnd() {
            if (pos < limit || fill()) {
                throw MonitorSnapshots.bad(number + 1, "record", "unexpected content after the trailer");
            }
        }

        private boolean fill() {
            try {
                limit = in.read(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the monitor snapshot failed at line " + number, e);
            }
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return false;
            }
            return true;
        }
    }

    /** Lets the JSON generator close its stream without closing the caller's. */
    static final class NoCloseOutputStream extends OutputStream {
        private final OutputStream out;

        NoCloseOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
