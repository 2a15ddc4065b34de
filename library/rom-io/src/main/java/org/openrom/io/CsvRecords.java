package org.openrom.io;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a CSV file, one at a time, without an object per row: FastCSV hands each field over as a range of
 * its buffer, and this handler copies the fields of the columns that are read into reusable character buffers
 * (unquoted fields trimmed, as exports from spreadsheets pad them; quoted fields as written). The same instance is returned for every record; its
 * content is valid until the next one is read.
 *
 * <p>The header record is kept whole ({@link #header()}); afterwards only the fields of the wanted columns
 * ({@link #want}) are copied.
 */
final class CsvRecords extends AbstractBaseCsvCallbackHandler<CsvRecords> {
    private final List<String> header = new ArrayList<>();
    private boolean inHeader = true;
    /** Per field index: the slot its content goes to, or -1. */
    private int[] slotOf = new int[0];
    private char[][] text = new char[0][];
    private int[] length = new int[0];
    private boolean[] present = new boolean[0];
    private int fields;
    private long line;
    private int paddedQuote = -1;

    /** Opens a FastCSV reader over {@code in} that reports every record to a new handler. */
    static CsvReader<CsvRecords> reader(Reader in, CsvRecords handler) {
        // field counts are checked by the cohort reader with its own messages; empty lines carry nothing. The
        // strict RFC 4180 parser: the relaxed one (spaces around quotes) reads item-level files at two thirds of
        // the rate; a field padded before its opening quote is reported instead (paddedQuote)
        return CsvReader.builder().skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true)
                .build(handler, in);
    }

    /** Starts copying the given header columns, each into the slot of its position in {@code columns}. */
    void want(int[] columns) {
        int max = 0;
        for (int c : columns) {
            max = Math.max(max, c + 1);
        }
        slotOf = new int[max];
        Arrays.fill(slotOf, -1);
        for (int s = 0; s < columns.length; s++) {
            if (columns[s] >= 0) {
                slotOf[columns[s]] = s;
            }
        }
        text = new char[columns.length][64];
        length = new int[columns.length];
        present = new boolean[columns.length];
        inHeader = false;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
        line = startingLineNumber;
        fields = 0;
        paddedQuote = -1;
        if (inHeader) {
            header.clear();
        } else {
            Arrays.fill(present, false);
        }
    }

    @Override
    protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
        fields = fieldIdx + 1;
        int start = offset;
        int end = offset + len;
        // a quoted field is kept as written: the quotes mark its bounds
        while (!quoted && start < end && buf[start] <= ' ') {
            start++;
        }
        while (!quoted && end > start && buf[end - 1] <= ' ') {
            end--;
        }
        if (!quoted && start > offset && start < end && buf[start] == '"' && paddedQuote < 0) {
            // ' "a, b"': RFC 4180 reads the quotes as text, and a comma inside would split the field
            paddedQuote = fieldIdx;
        }
        if (inHeader) {
            header.add(new String(buf, start, end - start));
            return;
        }
        if (fieldIdx >= slotOf.length) {
            return;
        }
        int slot = slotOf[fieldIdx];
        if (slot < 0) {
            return;
        }
        int n = end - start;
        if (text[slot].length < n) {
            text[slot] = new char[Math.max(n, text[slot].length * 2)];
        }
        System.arraycopy(buf, start, text[slot], 0, n);
        length[slot] = n;
        present[slot] = true;
    }

    @Override
    protected CsvRecords buildRecord() {
        return this;
    }

    /** @return the header's cells (after the first record) */
    List<String> header() {
        return header;
    }

    /** @return the 1-based line the record starts on */
    long line() {
        return line;
    }

    /** @return the 0-based index of the first field with white space before an opening quote, or -1 */
    int paddedQuote() {
        return paddedQuote;
    }

    /** @return the number of fields of the record */
    int fields() {
        return fields;
    }

    /** @return whether the record has the field of {@code slot} */
    boolean has(int slot) {
        return present[slot];
    }

    /** @return the characters of the field in {@code slot} (valid up to {@link #length(int)}) */
    char[] chars(int slot) {
        return text[slot];
    }

    /** @return the length of the field in {@code slot} */
    int length(int slot) {
        return length[slot];
    }

    /** @return the field in {@code slot} as a string (allocates: for values that are kept or reported) */
    String string(int slot) {
        return new String(text[slot], 0, length[slot]);
    }

    /** @return whether the field in {@code slot} equals {@code s} */
    boolean equals(int slot, char[] s) {
        int n = length[slot];
        if (s.length != n) {
            return false;
        }
        char[] t = text[slot];
        for (int i = 0; i < n; i++) {
            if (t[i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the field in {@code slot} as an int when it is 1 to {@code maxDigits} ASCII digits, with a leading
     *         {@code -} if {@code signed}; else {@code Long.MIN_VALUE}
     */
    long digits(int slot, int maxDigits, boolean signed) {
        char[] t = text[slot];
        int n = length[slot];
        int i = 0;
        boolean negative = false;
        if (signed && n > 0 && t[0] == '-') {
            negative = true;
            i = 1;
        }
        if (n - i < 1 || n - i > maxDigits) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = t[i];
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }
}
