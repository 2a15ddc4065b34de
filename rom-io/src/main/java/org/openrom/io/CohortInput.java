package org.openrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.instrument.Psychometrics;
import org.openrom.core.instrument.Scale;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;
import org.openrom.core.history.PatientHistory;

/**
 * Reads a cohort file in one of three formats and hands it over one patient at a time.
 *
 * <ul>
 * <li>{@code tidy}: item-level CSV with columns {@code patient_id, occasion, instrument, item, value} (any order;
 * optional {@code date}, {@code group_id}, {@code comment}); rows with the same patient, occasion and instrument form
 * one administration; an empty value is a missing answer.</li>
 * <li>{@code scores}: score-level CSV with {@code patient_id, occasion, scale, score}; a scale that no installed
 * instrument provides is an external scale with the {@code --direction} given.</li>
 * <li>{@code jsonl}: one administration per line in the library's JSON format ({@code RomJson}, the same as
 * {@code RomJson.write(administration)}): {@code {"patientId", "instrumentId", "occasion", "answers": {…}, "texts"?,
 * "date"?, "groupId"?, "comment"?}}.</li>
 * </ul>
 * The format comes from {@code --format}, else the extension ({@code .jsonl}, {@code .ndjson}) or the CSV header.
 *
 * <p><b>Memory.</b> A first pass checks whether each patient's rows are contiguous and patients come in natural
 * order ({@code p2} before {@code p10}); then the file is streamed and memory holds one patient. Otherwise the
 * whole file is loaded and sorted (memory grows with the cohort). Either way patients are delivered in natural
 * order, so outputs do not depend on the input order.
 *
 * <p><b>Errors</b> stop with a {@link DataFormatException} naming file, line, column and value. Real-world files
 * are accepted: UTF-8 BOM, CRLF, quoted fields, columns in any order, extra columns (ignored, listed once on
 * stderr), non-ASCII patient ids. Integers are ASCII digits only.
 */
public final class CohortInput {
    // compiled once: String.matches compiled its regex per row (18% of `rom track` on item-level input)
    private static final java.util.regex.Pattern OCCASION = java.util.regex.Pattern.compile("[0-9]{1,9}");
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?[0-9]{1,9}");
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?[0-9]{1,12}(\\.[0-9]{1,12})?");

    /** The input formats. */
    public enum Format {
        /** Item-level CSV. */
        TIDY,
        /** Score-level CSV. */
        SCORES,
        /** JSON Lines of administrations. */
        JSONL
    }

    private static final List<String> TIDY_REQUIRED = List.of("patient_id", "occasion", "instrument", "item", "value");
    private static final List<String> TIDY_OPTIONAL = List.of("date", "group_id", "comment");
    private static final List<String> SCORES_REQUIRED = List.of("patient_id", "occasion", "scale", "score");
    private static final List<String> SCORES_OPTIONAL = List.of("date", "group_id");

    private final Path file;
    private final String name;
    private final Format format;
    private final InstrumentRegistry instruments;
    private final Direction direction;
    private final Map<String, Scale> externalScales = new TreeMap<>();
    private Map<String, Integer> columns;
    /** Whether patients are contiguous and in natural order, once a pass has found out. */
    private Boolean sorted;
    /** Declared sorted: read once, verified while streaming. */
    private boolean declaredSorted;
    /** The line the streaming pass is at (for order violations found while streaming). */
    private long lineNow;
    /** Byte count and CRC-32C of the first pass that read the whole file; later passes must match it. */
    private long[] fullPass;
    private org.openrom.io.spi.InputFormat plugin;

    private CohortInput(Path file, Format format, InstrumentRegistry instruments, Direction direction) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.format = format;
        this.instruments = instruments;
        this.direction = direction;
    }

    /**
     * Opens a cohort file and checks its header.
     *
     * @param file the file
     * @param format tidy, scores, jsonl, or null to detect
     * @param instruments the installed instruments
     * @param direction the direction of external scales (score-level files)
     * @param err where to list ignored extra columns
     * @return the input
     * @throws IOException when the file cannot be read
     * @throws DataFormatException when the header does not fit
     */
    public static CohortInput open(Path file, String format, InstrumentRegistry instruments, Direction direction,
            PrintWriter err) throws IOException {
        java.util.Objects.requireNonNull(file, "file");
        java.util.Objects.requireNonNull(instruments, "instruments");
        java.util.Objects.requireNonNull(direction, "direction");
        java.util.Objects.requireNonNull(err, "err");
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file.toString(), 0, 0, "no such file", null);
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String first = firstLine(file);
        for (org.openrom.io.spi.InputFormat p : java.util.ServiceLoader.load(org.openrom.io.spi.InputFormat.class)) {
            if (format != null ? format.equals(p.name()) : p.detects(file, first)) {
                CohortInput in = new CohortInput(file, Format.JSONL, instruments, direction);
                in.plugin = p;
                return in;
            }
        }
        Format f;
        if (format != null) {
            try {
                f = Format.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(file.toString(), 0, 0, "--format " + format
                        + ": expected one of tidy, scores, jsonl", null);
            }
        } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            f = Format.JSONL;
        } else {
            f = null;
        }
        CohortInput in = new CohortInput(file, f, instruments, direction);
        return in.checkHeader(err);
    }

    private static String firstLine(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null;) {
                String t = line.replace("\uFEFF", "").trim();
                if (!t.isEmpty()) {
                    return t;
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            return "";
        }
        return "";
    }

    private CohortInput checkHeader(PrintWriter err) throws IOException {
        if (format == Format.JSONL) {
            return this;
        }
        try (Reader r = reader(); CSVParser p = csv(r)) {
            Map<String, Integer> header = p.getHeaderMap();
            Format f = format;
            if (f == null) {
                if (header.keySet().containsAll(TIDY_REQUIRED)) {
                    f = Format.TIDY;
                } else if (header.keySet().containsAll(SCORES_REQUIRED)) {
                    f = Format.SCORES;
                } else {
                    throw new DataFormatException(name, 1, 0, "header " + describeHeader(header.keySet()) + " is neither item-level (" + String.join(",", TIDY_REQUIRED) + ") nor score-level ("
                            + String.join(",", SCORES_REQUIRED) + ")", null);
                }
            }
            List<String> required = f == Format.TIDY ? TIDY_REQUIRED : SCORES_REQUIRED;
            List<String> optional = f == Format.TIDY ? TIDY_OPTIONAL : SCORES_OPTIONAL;
            for (String c : required) {
                if (!header.containsKey(c)) {
                    throw new DataFormatException(name, 1, 0, "missing column '" + c + "' (the header has "
                            + describeHeader(header.keySet()) + "); it must contain "
                            + String.join(",", required), null);
                }
            }
            List<String> extra = new ArrayList<>();
            for (String c : header.keySet()) {
                if (!required.contains(c) && !optional.contains(c)) {
                    extra.add(c);
                }
            }
            if (!extra.isEmpty()) {
                err.println("rom: ignoring extra columns in " + name + ": "
                        + String.join(", ", extra.stream().map(org.openrom.core.SafeText::show).toList()));
                err.flush();
            }
            CohortInput out = new CohortInput(file, f, instruments, direction);
            out.columns = header;
            return out;
        }
    }

    /**
     * A header that is not a cohort header may be a data row (a headerless export): name only the columns OpenROM
     * knows and count the others, so that no cell of a patient's row reaches the message.
     */
    private static String describeHeader(java.util.Collection<String> cells) {
        List<String> known = new ArrayList<>();
        int others = 0;
        for (String c : cells) {
            if (TIDY_REQUIRED.contains(c) || TIDY_OPTIONAL.contains(c) || SCORES_REQUIRED.contains(c)
                    || SCORES_OPTIONAL.contains(c)) {
                known.add(c);
            } else {
                others++;
            }
        }
        return known + (others == 0 ? "" : " and " + others + " other column" + (others == 1 ? "" : "s"));
    }

    /** @return the detected or given format */
    public Format format() {
        return format;
    }

    /**
     * Reads a score-level file once for the names of its external scales (rules that read them can then be
     * created) and for its order; the streaming pass that follows reuses what this pass found. For other formats
     * it only checks the order.
     *
     * @return the external scales, by name
     * @throws IOException on read errors
     */
    public Map<String, Scale> scan() throws IOException {
        if (sorted == null) {
            sorted = isSortedByPatient();
        }
        return Map.copyOf(externalScales);
    }

    /**
     * Declares the file sorted by patient (rows of a patient contiguous, patients in natural order, {@code p2}
     * before {@code p10}): it is then read once, without the pass that checks the order, and the first patient out
     * of order is an error naming its line. For large exports that come sorted.
     *
     * @return this
     */
    public CohortInput sortedByPatient() {
        declaredSorted = true;
        return this;
    }

    /** @return external scales met so far (score-level files), by name */
    public Map<String, Scale> externalScales() {
        return externalScales;
    }

    private GuardedReader reader() throws IOException {
        if (fullPass != null && Files.size(file) != fullPass[0]) {
            throw changed(Files.size(file));
        }
        return new GuardedReader(file, name);
    }

    /** Records or checks the fingerprint of a pass that read the whole file. */
    private void passComplete(GuardedReader r) {
        long[] fp = r.fingerprint();
        if (fullPass == null) {
            fullPass = fp;
        } else if (fp[0] != fullPass[0] || fp[1] != fullPass[1]) {
            throw changed(fp[0]);
        }
    }

    private DataFormatException changed(long now) {
        return new DataFormatException(name, 0, 0, "the file changed while it was being read (" + fullPass[0] + " bytes, then "
                + now + "): is an export still being written? Run again when it is complete", null);
    }

    private CSVParser csv(Reader r) throws IOException {
        try {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                    .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW)
                    .setTrim(true).build().parse(r);
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException
                | org.apache.commons.csv.CSVException e) {
            throw new DataFormatException(name, 1, 0, "malformed CSV header: " + SafeMessage.of(e)
                    + (String.valueOf(e.getMessage()).contains("duplicate") ? " (a column name appears twice)" : ""), null);
        }
    }

    /**
     * Delivers every patient in natural order of patient id.
     *
     * @param sink receives each patient
     * @throws IOException on read errors
     * @throws DataFormatException on bad input
     */
    public void forEachPatient(Consumer<PatientHistory> sink) throws IOException {
        java.util.Objects.requireNonNull(sink, "sink");
        if (plugin != null) {
            TreeMap<String, Acc> all = new TreeMap<>(NaturalOrder.INSTANCE);
            long[] n = {0};
            plugin.read(file, instruments, a -> {
                n[0]++;
                Acc acc = all.computeIfAbsent(a.patientId(), Acc::new);
                acc.put(a, n[0]);
            });
            for (Acc a : all.values()) {
                sink.accept(a.finish());
            }
            return;
        }
        if (sorted == null) {
            sorted = declaredSorted || isSortedByPatient();
        }
        if (sorted) {
            stream(sink, true);
        } else {
            TreeMap<String, Acc> all = new TreeMap<>(NaturalOrder.INSTANCE);
            stream(null, false, all);
            for (Acc a : all.values()) {
                sink.accept(a.finish());
            }
        }
    }

    private void stream(Consumer<PatientHistory> sink, boolean streaming) throws IOException {
        stream(sink, streaming, null);
    }

    /** Whether patients are contiguous and in natural order (first pass over patient ids only). */
    boolean isSortedByPatient() throws IOException {
        Set<String> seen = new HashSet<>();
        String[] previous = {null};
        boolean[] sorted = {true};
        Consumer<String> check = id -> {
            if (!id.equals(previous[0])) {
                if (previous[0] != null && (NaturalOrder.INSTANCE.compare(previous[0], id) > 0 || seen.contains(id))) {
                    sorted[0] = false;
                }
                seen.add(id);
                previous[0] = id;
            }
        };
        if (format == Format.JSONL) {
            try (GuardedReader g = reader(); BufferedReader r = new BufferedReader(g)) {
                for (String line; sorted[0] && (line = r.readLine()) != null;) {
                    if (!line.isBlank()) {
                        JsonNode n;
                        try {
                            n = RomJson.readTree(line, name);
                        } catch (RomException e) {
                            return true; // the streaming pass reports it with its line
                        }
                        check.accept(n.path("patientId").isTextual() ? Administration.normalizeId(n.path("patientId").textValue()) : "");
                    }
                }
                if (sorted[0]) {
                    passComplete(g);
                }
            }
        } else {
            // score-level files are read to the end here, collecting the external scales' names on the way, so
            // that rules can be created before the one streaming pass
            boolean scores = format == Format.SCORES;
            try (GuardedReader g = reader(); CSVParser p = csv(g)) {
                for (Iterator<CSVRecord> it = p.iterator(); (sorted[0] || scores) && it.hasNext();) {
                    CSVRecord rec = it.next();
                    if (rec.isSet("patient_id")) {
                        check.accept(Administration.normalizeId(rec.get("patient_id")));
                    }
                    if (scores && rec.isSet("scale")) {
                        String scale = rec.get("scale");
                        if (!scale.isEmpty() && instruments.findScale(scale).isEmpty() && org.openrom.core.SafeText.isId(scale)) {
                            externalScales.computeIfAbsent(scale, x -> Scale.external(x, direction, Psychometrics.NONE));
                        }
                    }
                }
                if (sorted[0] || scores) {
                    passComplete(g);
                }
            } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
                return true; // the streaming pass reports it with its line
            }
        }
        return sorted[0];
    }

    private void stream(Consumer<PatientHistory> sink, boolean streaming, TreeMap<String, Acc> all) throws IOException {
        Acc[] current = {null};
        Consumer<Acc> done = a -> {
            if (streaming) {
                sink.accept(a.finish());
            }
        };
        java.util.function.Function<String, Acc> accFor = id -> {
            if (streaming) {
                if (current[0] == null || !current[0].patientId.equals(id)) {
                    if (current[0] != null) {
                        if (declaredSorted && NaturalOrder.INSTANCE.compare(current[0].patientId, id) >= 0) {
                            // strictly increasing ids also rule out a patient whose rows come back later
                            throw new DataFormatException(name, lineNow, 0, "patients are not sorted here (the file was "
                                    + "declared sorted by patient): sort it by patient id, or read it without declaring it "
                                    + "sorted", null);
                        }
                        done.accept(current[0]);
                    }
                    current[0] = new Acc(id);
                }
                return current[0];
            }
            return all.computeIfAbsent(id, Acc::new);
        };
        if (format == Format.JSONL) {
            try (GuardedReader g = reader(); BufferedReader r = new BufferedReader(g)) {
                long lineNo = 0;
                for (String line; (line = r.readLine()) != null;) {
                    lineNo++;
                    lineNow = lineNo;
                    if (!line.isBlank()) {
                        readJsonLine(line, lineNo, accFor);
                    }
                }
                passComplete(g);
            }
        } else {
            try (GuardedReader g = reader(); CSVParser p = csv(g)) {
                Iterator<CSVRecord> it = p.iterator();
                while (true) {
                    CSVRecord rec;
                    // only the parser's own failures are input errors; the sink's (a full disk) propagate as they are
                    try {
                        if (!it.hasNext()) {
                            break;
                        }
                        rec = it.next();
                    } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
                        throw new DataFormatException(name, g.line(), 0, "malformed CSV: " + SafeMessage.of(e), null);
                    }
                    if (rec.size() > columns.size()) {
                        throw new DataFormatException(name, line(rec), columns.size() + 1L, "the row has " + rec.size()
                                + " fields, the header " + columns.size() + " (an unquoted comma in a text field?)", null);
                    }
                    lineNow = line(rec);
                    if (format == Format.TIDY) {
                        readTidy(rec, accFor);
                    } else {
                        readScore(rec, accFor);
                    }
                }
                passComplete(g);
            }
        }
        if (streaming && current[0] != null) {
            done.accept(current[0]);
        }
    }

    private String cell(CSVRecord rec, String column) {
        if (!rec.isSet(column)) {
            throw new DataFormatException(name, line(rec), columns.get(column) + 1L,
                    "column " + column + ": the row has only " + rec.size() + " fields", null);
        }
        return rec.get(column);
    }

    private static long line(CSVRecord rec) {
        return rec.getParser().getCurrentLineNumber();
    }

    private DataFormatException bad(CSVRecord rec, String column, String value, String expected) {
        return new DataFormatException(name, line(rec), columns.get(column) + 1L, "column " + column + ": got "
                + shape(column, value) + ", expected " + expected, null);
    }

    private static final java.util.regex.Pattern ID_LIKE = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final java.util.regex.Pattern NUMBER_LIKE = java.util.regex.Pattern.compile("[-+]?[0-9.,eE]{1,24}");

    /**
     * A value as a message may show it: numbers as they are, ids in id columns as they are, anything else only by
     * its shape (free text must never reach a message; embedders log them).
     */
    static String shape(String column, String value) {
        if (value.isEmpty()) {
            return "an empty value";
        }
        if (NUMBER_LIKE.matcher(value).matches()) {
            return "'" + value + "'";
        }
        boolean idColumn = column.equals("patient_id") || column.equals("group_id") || column.equals("instrument")
                || column.equals("item") || column.equals("scale");
        if (idColumn && ID_LIKE.matcher(value).matches()) {
            return "'" + value + "'";
        }
        return "a text of " + value.length() + " character" + (value.length() == 1 ? "" : "s");
    }

    private int occasion(CSVRecord rec) {
        String s = cell(rec, "occasion");
        if (!OCCASION.matcher(s).matches()) {
            throw bad(rec, "occasion", s, "a whole number of ASCII digits (0 or more)");
        }
        return Integer.parseInt(s);
    }

    private String patient(CSVRecord rec) {
        String s = Administration.normalizeId(cell(rec, "patient_id"));
        if (!Administration.isValidId(s)) {
            throw bad(rec, "patient_id", s, "a non-blank id of at most 128 characters without control characters");
        }
        return s;
    }

    private void readTidy(CSVRecord rec, java.util.function.Function<String, Acc> accFor) {
        String patient = patient(rec);
        int occasion = occasion(rec);
        String instrumentId = cell(rec, "instrument");
        Instrument ins = instruments.find(instrumentId).orElseThrow(() -> bad(rec, "instrument", instrumentId,
                "an installed instrument: " + String.join(", ", instruments.instruments().stream().map(Instrument::id).toList())));
        String itemId = cell(rec, "item");
        Item item = ins.item(itemId).orElseThrow(() -> bad(rec, "item", itemId, "an item of " + instrumentId + ": "
                + String.join(", ", ins.items().stream().map(Item::id).toList())));
        String value = cell(rec, "value");
        Integer v = null;
        if (!value.isEmpty()) {
            if (item.type() != ItemType.ORDINAL) {
                throw bad(rec, "value", "<text>", "no value: item " + itemId + " is free text, which tidy CSV does not carry");
            }
            if (!INTEGER.matcher(value).matches()) {
                throw bad(rec, "value", value, "an integer in " + item.scale().min() + ".." + item.scale().max());
            }
            v = Integer.parseInt(value);
            if (!item.scale().contains(v)) {
                throw bad(rec, "value", value, "an integer in " + item.scale().min() + ".." + item.scale().max());
            }
        }
        Acc acc = accFor.apply(patient);
        Adm adm = acc.adm(occasion, instrumentId, line(rec));
        if (!adm.items.add(itemId)) {
            throw bad(rec, "item", itemId, "each item once per administration (duplicate row for patient " + patient
                    + ", occasion " + occasion + ", " + instrumentId + ")");
        }
        if (v != null) {
            adm.answers.put(itemId, v);
        }
        if (columns.containsKey("date") && rec.isSet("date") && !rec.get("date").isEmpty()) {
            try {
                adm.date = LocalDate.parse(rec.get("date"));
            } catch (DateTimeParseException e) {
                throw bad(rec, "date", rec.get("date"), "an ISO-8601 date (yyyy-mm-dd)");
            }
        }
        if (columns.containsKey("group_id") && rec.isSet("group_id") && !rec.get("group_id").isEmpty()) {
            adm.group = Administration.normalizeId(rec.get("group_id"));
            acc.group = adm.group;
        }
        if (columns.containsKey("comment") && rec.isSet("comment") && !rec.get("comment").isEmpty()) {
            adm.comment = rec.get("comment");
        }
    }

    private void readScore(CSVRecord rec, java.util.function.Function<String, Acc> accFor) {
        String patient = patient(rec);
        int occasion = occasion(rec);
        String scale = cell(rec, "scale");
        if (scale.isEmpty()) {
            throw bad(rec, "scale", scale, "a scale name");
        }
        if (instruments.findScale(scale).isEmpty()) {
            if (!org.openrom.core.SafeText.isId(scale)) {
                throw bad(rec, "scale", scale, "an installed scale or a name of lower-case letters, digits, '-' or '_'");
            }
            externalScales.computeIfAbsent(scale, s -> Scale.external(s, direction, Psychometrics.NONE));
        }
        String score = cell(rec, "score");
        double v;
        if (!DECIMAL.matcher(score).matches()) {
            throw bad(rec, "score", score, "a decimal number such as 12 or 12.5");
        }
        v = Double.parseDouble(score);
        Scale installed = instruments.findScale(scale).orElse(null);
        if (installed != null && !(v >= installed.min() && v <= installed.max())) {
            throw bad(rec, "score", score, "a score of " + scale + " in " + num(installed.min()) + ".." + num(installed.max()));
        }
        Acc acc = accFor.apply(patient);
        if (acc.scores.computeIfAbsent(scale, k -> new TreeMap<>()).put(occasion, v) != null) {
            throw bad(rec, "occasion", String.valueOf(occasion), "one score per patient, scale and occasion (duplicate for "
                    + patient + ", " + scale + ")");
        }
        if (columns.containsKey("group_id") && rec.isSet("group_id") && !rec.get("group_id").isEmpty()) {
            acc.group = Administration.normalizeId(rec.get("group_id"));
        }
    }

    /** One line of JSON Lines: an administration in the library's own JSON format ({@code RomJson}). */
    private void readJsonLine(String line, long lineNo, java.util.function.Function<String, Acc> accFor) {
        Administration a;
        try {
            a = RomJson.read(line, Administration.class);
        } catch (DataFormatException e) {
            throw new DataFormatException(name, lineNo, e.column().orElse(0L), e.getMessage().replaceFirst("^<input>(:[0-9]+)*: ",
                    ""), null);
        } catch (ValidationException e) {
            throw new DataFormatException(name, lineNo, 0, "not an administration: " + e.violations().get(0)
                    + (e.violations().size() > 1 ? " (and " + (e.violations().size() - 1) + " more)" : ""), null);
        } catch (RomException e) {
            throw new DataFormatException(name, lineNo, 0, "not an administration: " + e.getMessage(), null);
        }
        String instrumentId = a.instrumentId();
        if (instruments.find(instrumentId).isEmpty()) {
            throw new DataFormatException(name, lineNo, 0, "field instrumentId: got " + shape("instrument", instrumentId)
                    + ", expected an installed instrument", null);
        }
        Acc acc = accFor.apply(a.patientId());
        acc.put(a, lineNo);
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** A JSON value as a message may show it: numbers and booleans as they are, text by its length. */
    static String jsonShape(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNumber() || v.isBoolean() || v.isNull()) {
            return v.toString();
        }
        if (v.isTextual()) {
            return shape("", v.textValue());
        }
        return "a JSON " + v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** One administration under construction. */
    private static final class Adm {
        final String instrument;
        final int occasion;
        final long line;
        final Set<String> items = new HashSet<>();
        final Map<String, Integer> answers = new TreeMap<>();
        final Map<String, String> texts = new TreeMap<>();
        LocalDate date;
        String group;
        String comment;

        Adm(String instrument, int occasion, long line) {
            this.instrument = instrument;
            this.occasion = occasion;
            this.line = line;
        }
    }

    /** One patient under construction. */
    private final class Acc {
        final String patientId;
        final Map<String, Adm> adms = new LinkedHashMap<>();
        final Map<String, TreeMap<Integer, Double>> scores = new TreeMap<>();
        String group = "";

        Acc(String patientId) {
            this.patientId = patientId;
        }

        Adm adm(int occasion, String instrument, long line) {
            return adms.computeIfAbsent(occasion + "\u0000" + instrument, k -> new Adm(instrument, occasion, line));
        }

        /** Adds a whole administration (JSON Lines, plugin formats); the same one twice is an error. */
        void put(Administration a, long line) {
            Adm adm = adm(a.occasion(), a.instrumentId(), line);
            if (!adm.items.isEmpty() || !adm.answers.isEmpty()) {
                throw new DataFormatException(name, line, 0, "duplicate administration: patient " + a.patientId()
                        + ", occasion " + a.occasion() + ", " + a.instrumentId() + " appears twice", null);
            }
            adm.items.addAll(a.answers().keySet());
            adm.items.addAll(a.texts().keySet());
            adm.items.add("\u0000");
            adm.answers.putAll(a.answers());
            adm.texts.putAll(a.texts());
            adm.date = a.date().orElse(null);
            adm.group = a.groupId().orElse(null);
            adm.comment = a.comment().orElse(null);
            a.groupId().ifPresent(g -> group = g);
        }

        PatientHistory finish() {
            List<Adm> sorted = new ArrayList<>(adms.values());
            sorted.sort(java.util.Comparator.comparingInt((Adm a) -> a.occasion).thenComparing(a -> a.instrument));
            PatientHistory h = PatientHistory.of(patientId);
            for (Adm a : sorted) {
                Administration.Builder b = Administration.builder(patientId, a.instrument, a.occasion).date(a.date)
                        .groupId(a.group).comment(a.comment);
                a.answers.forEach(b::answer);
                a.texts.forEach(b::text);
                try {
                    Administration adm = b.build();
                    // scored once, here: every command reads the scores from the history
                    h = h.append(adm, instruments.get(a.instrument).score(adm));
                } catch (ValidationException e) {
                    throw new DataFormatException(name, a.line, 0, "administration of " + a.instrument + " for patient "
                            + patientId + " at occasion " + a.occasion + ": " + e.violations().get(0), e);
                }
            }
            for (Map.Entry<String, TreeMap<Integer, Double>> e : scores.entrySet()) {
                for (Map.Entry<Integer, Double> o : e.getValue().entrySet()) {
                    h = h.appendScore(e.getKey(), o.getKey(), o.getValue());
                }
            }
            return group.isEmpty() ? h : h.withGroup(group);
        }
    }
}
