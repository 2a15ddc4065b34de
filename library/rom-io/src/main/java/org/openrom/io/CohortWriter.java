package org.openrom.io;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Objects;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;
import org.openrom.core.track.ScoreSeries;

/**
 * Writes a cohort in a format {@link CohortInput} reads back to the same histories: item-level CSV (one row per
 * answered item; the comment on the administration's first row), score-level CSV (one row per score of every
 * series) or JSON Lines (one administration per line, {@code RomJson}). Rows are written as they come (streaming);
 * CSV lines end in LF, and a field is quoted when it holds a comma, quote or line break, or starts or ends with
 * white space (which an unquoted field loses on reading).
 *
 * <p>Item-level CSV carries no free-text answers (no such column): write JSON Lines to keep them.
 */
public final class CohortWriter implements Closeable, Flushable {
    /** Quotes what RFC 4180 requires, and white space at either end, which readers trim from unquoted fields. */
    private static final QuoteStrategy QUOTES = new QuoteStrategy() {
        @Override
        public boolean quoteValue(int lineNo, int fieldIdx, String value) {
            return !value.isEmpty() && (value.charAt(0) <= ' ' || value.charAt(value.length() - 1) <= ' ');
        }
    };

    private final CohortInput.Format format;
    private final Writer out;
    private final CsvWriter csv;

    private CohortWriter(CohortInput.Format format, Writer out) {
        this.format = format;
        this.out = out;
        this.csv = format == CohortInput.Format.JSONL ? null
                : CsvWriter.builder().lineDelimiter(LineDelimiter.LF).quoteStrategy(QUOTES).build(out);
        if (format == CohortInput.Format.TIDY) {
            csv.writeRecord("patient_id", "occasion", "instrument", "item", "value", "group_id", "comment");
        } else if (format == CohortInput.Format.SCORES) {
            csv.writeRecord("patient_id", "occasion", "scale", "score", "group_id");
        }
    }

    /**
     * Starts a cohort file; CSV formats write their header now.
     *
     * @param out where to write (closed by {@link #close()})
     * @param format the format
     * @return the writer
     * @throws UncheckedIOException when the header cannot be written
     */
    public static CohortWriter open(Writer out, CohortInput.Format format) {
        return new CohortWriter(Objects.requireNonNull(format, "format"), Objects.requireNonNull(out, "out"));
    }

    /**
     * Writes one administration (item-level CSV or JSON Lines).
     *
     * @param a the administration
     * @return this
     * @throws IllegalStateException for a score-level file, which holds scores only
     * @throws UncheckedIOException when writing fails
     */
    public CohortWriter write(Administration a) {
        Objects.requireNonNull(a, "a");
        switch (format) {
            case JSONL -> {
                try {
                    out.write(RomJson.write(a));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case TIDY -> {
                String occasion = Integer.toString(a.occasion());
                String group = a.groupId().orElse("");
                boolean first = true;
                for (Map.Entry<String, Integer> e : a.answers().entrySet()) {
                    csv.writeRecord(a.patientId(), occasion, a.instrumentId(), e.getKey(), e.getValue().toString(), group,
                            first ? a.comment().orElse("") : "");
                    first = false;
                }
            }
            default -> throw new IllegalStateException("a score-level file holds scores, not administrations: write "
                    + "histories to it");
        }
        return this;
    }

    /**
     * Writes a patient's history: its administrations (item-level CSV, JSON Lines) or every score of its series
     * (score-level CSV).
     *
     * @param h the history
     * @return this
     * @throws UncheckedIOException when writing fails
     */
    public CohortWriter write(PatientHistory h) {
        Objects.requireNonNull(h, "h");
        if (format != CohortInput.Format.SCORES) {
            h.administrations().forEach(this::write);
            return this;
        }
        String group = h.groupId().orElse("");
        for (String scale : h.scales()) {
            ScoreSeries s = h.series(scale);
            for (int i = 0; i < s.size(); i++) {
                double v = s.value(i);
                // plain decimals (no exponent), the shortest that read back to the same double
                csv.writeRecord(h.patientId(), Integer.toString(s.occasion(i)), scale,
                        java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(), group);
            }
        }
        return this;
    }

    @Override
    public void flush() throws IOException {
        if (csv != null) {
            csv.flush();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        out.close();
    }
}
