package org.openrom.io;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.openrom.core.DataFormatException;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.measures.MeasurePatient;
import org.openrom.measures.MeasureRows;

/**
 * A researcher's tidy CSV for the episode measures ({@link org.openrom.measures.EpisodeMeasure}): one row per patient
 * and day of contact, the columns of {@link MeasureRows} in any order (patient_id and date required). Every fact is
 * known by the row it came from ({@code file:line}), which a measure report names as its evidence. Patients are
 * delivered in natural order of id. Every error names the file, the line, the column and what was expected, and shows
 * a value only by its shape; a file with an error delivers nothing.
 */
public final class MeasureInput {
    private static final List<String> KNOWN = MeasureRows.COLUMNS;

    private final Path file;
    private final String name;

    private MeasureInput(Path file) {
        this.file = file;
        this.name = file.getFileName().toString();
    }

    /**
     * @param file the CSV file
     * @return the input (nothing is read yet)
     */
    public static MeasureInput open(Path file) {
        return new MeasureInput(Objects.requireNonNull(file, "file"));
    }

    /** @return the column names this format reads */
    public static List<String> columns() {
        return KNOWN;
    }

    /**
     * Reads the file and delivers each patient, in natural order of id.
     *
     * @param sink receives each patient
     * @return how many data rows were read
     * @throws IOException when the file cannot be read
     * @throws DataFormatException on a row that does not fit, naming file, line and column
     */
    public long forEachPatient(Consumer<MeasurePatient> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Map<String, MeasureRows> rows = new java.util.HashMap<>();
        Map<String, Integer> col = null;
        long count = 0;
        try (GuardedReader in = new GuardedReader(file, name);
                CsvReader<CsvRecord> csv = CsvReader.builder().skipEmptyLines(true).ofCsvRecord(in)) {
            for (CsvRecord rec : csv) {
                if (col == null) {
                    col = header(rec);
                    continue;
                }
                count++;
                row(rec, col, rows);
            }
        } catch (CsvParseException | UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DataFormatException d) {
                    throw d;
                }
            }
            throw new DataFormatException(name, 0, 0, "malformed CSV: " + SafeMessage.of(e), null);
        }
        if (col == null) {
            throw new DataFormatException(name, 1, 0, "empty file: expected a header with patient_id and date", null);
        }
        Map<String, MeasureRows> patients = new TreeMap<>(NaturalOrder.INSTANCE);
        rows.values().forEach(p -> patients.put(p.patientId(), p));
        for (MeasureRows p : patients.values()) {
            sink.accept(p.build());
        }
        return count;
    }

    private Map<String, Integer> header(CsvRecord rec) {
        Map<String, Integer> col = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < rec.getFieldCount(); i++) {
            String h = rec.getField(i).strip();
            if (col.put(h, i) != null) {
                throw new DataFormatException(name, rec.getStartingLineNumber(), i + 1L, "column " + SafeText.show(h)
                        + " appears twice", null);
            }
            if (!KNOWN.contains(h)) {
                unknown.add(SafeText.show(h));
            }
        }
        for (String required : List.of("patient_id", "date")) {
            if (!col.containsKey(required)) {
                boolean cohort = col.containsKey("instrument") && col.containsKey("item") || col.containsKey("scale");
                throw new DataFormatException(name, 1, 0, "missing column " + required + "; the columns are "
                        + String.join(", ", KNOWN) + " (patient_id and date required)" + (cohort ? ". This looks like "
                        + "a cohort file for rom score and rom track; the measures read one row per patient and day of "
                        + "contact (docs/measures.md)" : ""), null);
            }
        }
        if (!unknown.isEmpty()) {
            throw new DataFormatException(name, 1, 0, "unknown column" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown.subList(0, Math.min(5, unknown.size()))) + ": expected "
                    + String.join(", ", KNOWN), null);
        }
        return col;
    }

    private void row(CsvRecord rec, Map<String, Integer> col, Map<String, MeasureRows> patients) {
        try {
            String raw = field(rec, col, "patient_id");
            MeasureRows p = patients.get(raw);
            if (p == null) {
                p = MeasureRows.patient(raw);
                MeasureRows same = patients.get(p.patientId()); // another spelling that normalises alike
                p = same != null ? same : p;
                patients.put(raw, p);
            }
            p.add(c -> field(rec, col, c), name + ":" + rec.getStartingLineNumber());
        } catch (ValidationException e) {
            Violation v = e.violations().get(0);
            throw bad(rec, col, v.path(), v.expected());
        }
    }

    private static String field(CsvRecord rec, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null || i >= rec.getFieldCount() ? "" : rec.getField(i).strip();
    }

    private DataFormatException bad(CsvRecord rec, Map<String, Integer> col, String column, String expected) {
        return new DataFormatException(name, rec.getStartingLineNumber(), col.get(column) + 1L, "column " + column
                + ": got " + CsvRows.shape(column, field(rec, col, column)) + ", expected " + expected, null);
    }
}
