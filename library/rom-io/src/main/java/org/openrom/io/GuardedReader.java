package org.openrom.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.openrom.core.DataFormatException;

/**
 * Reads a cohort file as strict UTF-8 with guards that turn hostile or broken input into a clear
 * {@link DataFormatException} instead of an {@code OutOfMemoryError} or {@code Input length = 1}:
 * <ul>
 * <li>bytes that are not UTF-8 are reported with the line and byte offset, and what the file probably is
 * (UTF-16, Latin-1, binary);</li>
 * <li>a physical line longer than {@value #MAX_LINE_CHARS} characters is rejected before it is held in memory;</li>
 * <li>a leading byte-order mark is skipped;</li>
 * <li>a CRC-32C and the byte count of everything read form a fingerprint, so that a later pass over the same
 * file can prove it read the same bytes ({@link #fingerprint()}).</li>
 * </ul>
 */
final class GuardedReader extends Reader {
    /** The longest physical line accepted, in characters (16 Mi). */
    static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private final String name;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private final CRC32C crc = new CRC32C();
    private final int maxLine;
    private long byteCount;
    /** Bytes handed to the decoder before the current buffer. */
    private long decodedBefore;
    private long line = 1;
    private long lineLength;
    private boolean eof;
    private boolean started;
    private boolean flushed;
    private java.util.function.Supplier<DataFormatException> pending;

    /** Detecting the format needs the start of the first line only: no more of it is held. */
    static final int FIRST_LINE_CHARS = 64 * 1024;

    /** The first non-blank line, at most {@value #FIRST_LINE_CHARS} characters of it (a 100 MB line is never held). */
    static String firstLine(Path file) throws IOException {
        try (java.io.Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            boolean full = false;
            for (int c; (c = r.read()) >= 0;) {
                if (c == '\n' || c == '\r') {
                    String t = line.toString().replace("\uFEFF", "").trim();
                    if (!t.isEmpty()) {
                        return t;
                    }
                    line.setLength(0);
                    full = false;
                } else if (!full) {
                    line.append((char) c);
                    full = line.length() >= FIRST_LINE_CHARS;
                }
            }
            return line.toString().replace("\uFEFF", "").trim();
        } catch (java.nio.charset.MalformedInputException e) {
            return "";
        }
    }

    GuardedReader(Path file, String name) throws IOException {
        this(Files.newInputStream(file), name, MAX_LINE_CHARS);
    }

    GuardedReader(InputStream in, String name, int maxLine) {
        this.in = in;
        this.name = name;
        this.maxLine = maxLine;
        bytes.flip();
        chars.flip();
    }

    /** @return the byte count and CRC-32C of everything read so far */
    long[] fingerprint() {
        return new long[] {byteCount, crc.getValue()};
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        for (int i = off; i < off + n; i++) {
            if (buf[i] == '\n') {
                line++;
                lineLength = 0;
            } else if (++lineLength > maxLine) {
                throw new DataFormatException(name, line, 0, "line " + line + " is longer than " + maxLine
                        + " characters: not a cohort file, or a field lost its closing quote", null);
            }
        }
        return n;
    }

    private boolean fill() throws IOException {
        if (pending != null) {
            throw pending.get();
        }
        if (flushed) {
            return false;
        }
        while (true) {
            chars.clear();
            CoderResult r = decoder.decode(bytes, chars, eof);
            if (eof && !r.isError() && !bytes.hasRemaining()) {
                r = decoder.flush(chars);
                flushed = true;
            }
            chars.flip();
            if (r.isError()) {
                // hand out what was decoded before the bad bytes first, so that the line number is exact
                long offset = decodedBefore + bytes.position();
                pending = () -> new DataFormatException(name, line, 0, "not UTF-8 text: invalid byte(s) at byte offset "
                        + offset + " (line " + line + ")" + guess() + "; save the file as UTF-8 and run again", null);
                if (chars.hasRemaining()) {
                    return true;
                }
                throw pending.get();
            }
            if (!started && chars.hasRemaining()) {
                started = true;
                if (chars.get(chars.position()) == '\uFEFF') {
                    chars.get();
                }
            }
            if (chars.hasRemaining()) {
                return true;
            }
            if (flushed) {
                return false;
            }
            decodedBefore += bytes.position();
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
                bytes.flip();
            } else {
                crc.update(bytes.array(), bytes.position(), n);
                byteCount += n;
                bytes.position(bytes.position() + n);
                bytes.flip();
            }
            if (byteCount > 0 && !started && decodedBefore == 0) {
                String kind = sniff();
                if (kind != null) {
                    throw new DataFormatException(name, 1, 0, "not UTF-8 text: the file looks like " + kind
                            + "; save it as UTF-8 and run again", null);
                }
            }
        }
    }

    /** @return what the first bytes say the file is, when it is clearly not UTF-8 text */
    private String sniff() {
        int lim = bytes.limit();
        byte[] a = bytes.array();
        if (lim >= 2 && (a[0] == (byte) 0xFE && a[1] == (byte) 0xFF || a[0] == (byte) 0xFF && a[1] == (byte) 0xFE)) {
            return "UTF-16 (it starts with a UTF-16 byte-order mark)";
        }
        for (int i = 0; i < Math.min(lim, 4096); i++) {
            if (a[i] == 0) {
                return "UTF-16 or binary data (it contains NUL bytes)";
            }
        }
        return null;
    }

    private String guess() {
        return ": the file may be Latin-1 or Windows-1252 (as Excel saves CSV)";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
