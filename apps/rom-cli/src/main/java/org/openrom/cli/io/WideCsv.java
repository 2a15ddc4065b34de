package org.openrom.cli.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * A flat CSV whose last columns are not known until the end: fixed columns first, then one column per detail key
 * met in any row (sorted), empty where a row lacks it. Rows stream to an owner-only temporary file (they may hold
 * patient data) while the keys are collected, and {@link #writeTo} writes the header and the rows; memory holds
 * the keys only. Numbers are written in the shortest form that reads back to the same double, booleans as
 * {@code true}/{@code false}, lists joined by {@code "; "}; text cells are protected against spreadsheet formulas
 * ({@link CsvCells}).
 */
public final class WideCsv implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final List<String> fixed;
    private final Path temp;
    private final BufferedWriter rows;
    private final JsonGenerator gen;
    private final TreeSet<String> keys = new TreeSet<>();

    /**
     * @param fixed the first columns, in order
     * @throws IOException when the temporary file cannot be created
     */
    public WideCsv(List<String> fixed) throws IOException {
        this.fixed = List.copyOf(Objects.requireNonNull(fixed, "fixed"));
        Path t;
        try {
            t = Files.createTempFile("openrom-csv-", ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            t = Files.createTempFile("openrom-csv-", ".tmp");
        }
        this.temp = t;
        this.rows = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        this.gen = JSON.createGenerator(rows);
    }

    /**
     * Adds a row.
     *
     * @param values the fixed columns' values, in order (text; null for empty)
     * @param details further columns by name: numbers, booleans, text, lists or null
     */
    public void row(List<String> values, Map<String, ?> details) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(details, "details");
        if (values.size() != fixed.size()) {
            throw new IllegalArgumentException("values: got " + values.size() + ", expected " + fixed.size());
        }
        try {
            gen.writeStartArray();
            for (String v : values) {
                gen.writeString(v == null ? "" : v);
            }
            gen.writeStartObject();
            for (Map.Entry<String, ?> e : details.entrySet()) {
                if (fixed.contains(e.getKey())) {
                    continue; // a fixed column wins
                }
                keys.add(e.getKey());
                gen.writeStringField(e.getKey(), cell(e.getValue()));
            }
            gen.writeEndObject();
            gen.writeEndArray();
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("the temporary CSV rows", e);
        }
    }

    /**
     * Writes the header and every row.
     *
     * @param out where to
     * @throws IOException on write errors
     */
    public void writeTo(Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        gen.flush();
        rows.flush();
        List<String> header = new ArrayList<>(fixed);
        header.addAll(keys);
        List<String> extra = new ArrayList<>(keys);
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        csv.writeRecord(header);
        String[] record = new String[header.size()];
        try (BufferedReader r = Files.newBufferedReader(temp, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                java.util.Arrays.fill(record, "");
                try (JsonParser p = JSON.createParser(line)) {
                    p.nextToken(); // [
                    for (int i = 0; i < fixed.size(); i++) {
                        p.nextToken();
                        record[i] = p.getText();
                    }
                    p.nextToken(); // {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        record[fixed.size() + java.util.Collections.binarySearch(extra, k)] = p.getText();
                    }
                }
                csv.writeRecord(record);
            }
        }
        csv.flush();
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Iterable<?> it) {
            StringBuilder sb = new StringBuilder();
            for (Object o : it) {
                sb.append(sb.length() == 0 ? "" : "; ").append(cell(o));
            }
            return CsvCells.text(sb.toString());
        }
        return CsvCells.text(v.toString());
    }

    /** Deletes the temporary file. */
    @Override
    public void close() throws IOException {
        try {
            gen.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
