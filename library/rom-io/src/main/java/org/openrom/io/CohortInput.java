package org.openrom.io;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;
import org.openrom.core.history.HistoryAssembler;
import org.openrom.core.history.OccasionRule;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.instrument.Psychometrics;
import org.openrom.core.instrument.Scale;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;

/**
 * Reads a cohort file in one of three formats and hands it over one patient at a time, each patient's
 * administrations scored once into a {@link PatientHistory}.
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
 * <p><b>One pass, bounded memory.</b> The file is read once. Patients are delivered in natural order of id
 * ({@code p2} before {@code p10}) whatever the order of the rows, so outputs do not depend on it: rows are
 * collected in memory up to {@value #DEFAULT_BUFFER_ROWS} rows, beyond that written as sorted runs to owner-only
 * temporary files in {@code java.io.tmpdir} and merged at the end (an external sort). A file declared
 * {@link #sortedByPatient() sorted by patient} is streamed instead: memory holds one patient, and a patient out of
 * order is an error naming its line. Score-level files with external scales take one more pass,
 * {@link #scan()}, so that rules can be created before reading.
 *
 * <p><b>Errors</b> stop with a {@link DataFormatException} naming file, line, column and value (the first error
 * met: in an unsorted file read in runs, the first in patient order). Real-world files are accepted: UTF-8 BOM,
 * CRLF, quoted fields, columns in any order, extra columns (ignored, listed once), non-ASCII patient ids. Integers
 * are ASCII digits only. Free text never reaches a message: values are shown by shape where they could be text.
 *
 * <p>CSV is tokenised by FastCSV (Siegmar, MIT licence), chosen by measurement: its callback interface reads a
 * row without creating an object for it, about three times the rate of Commons CSV on item-level files
 * (benchmarks.md).
 */
public final class CohortInput {
    /** How many rows an unsorted read holds in memory before it writes a sorted run to a temporary file. */
    public static final int DEFAULT_BUFFER_ROWS = 1_000_000;

    /**
     * Every finite decimal notation statistics packages and spreadsheets write: an optional sign, digits with an
     * optional point and fraction or a point and fraction alone ({@code 12}, {@code 12.5}, {@code .5}, {@code 5.}),
     * an optional exponent ({@code 1e3}, {@code 1.5E+02}, {@code 2e-1}) and any number of decimals (R writes up to
     * 15 significant digits, SPSS and Stata up to 17). Text, {@code NaN} and the infinities do not match.
     */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");

    /** The longest score text read (a double needs at most 25 characters; longer is not a number a program wrote). */
    private static final int MAX_SCORE_CHARS = 64;

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
    /** The columns read, in slot order (see {@link CsvRecords#want}). */
    private static final List<String> SLOTS = List.of("patient_id", "occasion", "instrument", "item", "value", "date",
            "group_id", "comment", "scale", "score");
    private static final int PATIENT = 0;
    private static final int OCCASION = 1;
    private static final int INSTRUMENT = 2;
    private static final int ITEM = 3;
    private static final int VALUE = 4;
    private static final int DATE = 5;
    private static final int GROUP = 6;
    private static final int COMMENT = 7;
    private static final int SCALE = 8;
    private static final int SCORE = 9;

    private final Path file;
    private final String name;
    private final Format format;
    private final InstrumentRegistry instruments;
    private final Direction direction;
    private final PatientParts.Source source;
    /** Sorted and safe to read while the read-ahead thread adds to it. */
    private final Map<String, Scale> externalScales = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Column name to 0-based index (CSV formats). */
    private Map<String, Integer> columns;
    /** Declared sorted: streamed, verified while reading. */
    private boolean declaredSorted;
    private int bufferRows = DEFAULT_BUFFER_ROWS;
    private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
    private boolean scanned;
    private volatile long missingScores;
    private boolean readAhead = ReadAhead.worthIt();
    /** Byte count and CRC-32C of the first pass that read the whole file; later passes must match it. */
    private long[] fullPass;
    private org.openrom.io.spi.InputFormat plugin;
    private PrintWriter err = new PrintWriter(java.io.Writer.nullWriter());

    private CohortInput(Path file, Format format, InstrumentRegistry instruments, Direction direction) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.format = format;
        this.instruments = instruments;
        this.direction = direction;
        this.source = new PatientParts.Source(name, instruments, HistoryAssembler.builder(instruments)
                .duplicates(HistoryAssembler.Duplicates.REFUSE).precedence(HistoryAssembler.Precedence.RESPONSES)
                .occasions(OccasionRule.stated()).externalScales(externalScales::get).build());
    }

    /**
     * Opens a cohort file and checks its header.
     *
     * @param file the file
     * @param format tidy, scores, jsonl, the name of an installed {@link org.openrom.io.spi.InputFormat}, or null to
     *        detect
     * @param instruments the installed instruments
     * @param direction the direction of external scales (score-level files)
     * @param err where to list ignored extra columns, and to say when a file read in sort runs was sorted
     * @return the input
     * @throws IOException when the file cannot be read
     * @throws DataFormatException when the header does not fit
     */
    public static CohortInput open(Path file, String format, InstrumentRegistry instruments, Direction direction,
            PrintWriter err) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(instruments, "instruments");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(err, "err");
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file.toString(), 0, 0, !Files.exists(file) ? "no such file"
                    : Files.isDirectory(file) ? "a directory, expected a file"
                    : "not a regular file (a pipe or a device): rom reads its input more than once (to detect the format, "
                            + "then to read it), so write it to a file first", null);
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String first = firstLine(file);
        for (org.openrom.io.spi.InputFormat p : java.util.ServiceLoader.load(org.openrom.io.spi.InputFormat.class)) {
            if (format != null ? format.equals(p.name()) : p.detects(file, first)) {
                CohortInput in = new CohortInput(file, Format.JSONL, instruments, direction);
                in.plugin = p;
                in.err = err;
                return in;
            }
        }
        Format f;
        if (format != null) {
            try {
                f = Format.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(file.toString(), 0, 0, "--format " + SafeText.show(format)
                        + ": expected one of tidy, scores, jsonl", null);
            }
        } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            f = Format.JSONL;
        } else {
            f = null;
        }
        CohortInput in = new CohortInput(file, f, instruments, direction);
        CohortInput checked = in.checkHeader(err);
        checked.err = err;
        return checked;
    }

    /** Detecting the format needs the start of the first line only: no more of it is held. */
    static final int FIRST_LINE_CHARS = 64 * 1024;

    /** The first non-blank line, at most {@value #FIRST_LINE_CHARS} characters of it (a 100 MB line is never held). */
    private static String firstLine(Path file) throws IOException {
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

    private CohortInput checkHeader(PrintWriter err) throws IOException {
        if (format == Format.JSONL) {
            return this;
        }
        List<String> cells;
        CsvRecords first = new CsvRecords();
        try (GuardedReader r = reader(); CsvReader<CsvRecords> csv = CsvRecords.reader(r, first)) {
            Iterator<CsvRecords> it = csv.iterator();
            cells = next(it, first) ? new ArrayList<>(it.next().header()) : List.of();
        }
        Map<String, Integer> header = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            if (header.put(cells.get(i), i) != null) {
                throw new DataFormatException(name, 1, i + 1L, "malformed CSV header: column " + (i + 1)
                        + " repeats an earlier name (a column name appears twice)", null);
            }
        }
        Format f = format;
        if (f == null) {
            if (header.keySet().containsAll(TIDY_REQUIRED)) {
                f = Format.TIDY;
            } else if (header.keySet().containsAll(SCORES_REQUIRED)) {
                f = Format.SCORES;
            } else {
                throw new DataFormatException(name, 1, 0, "header " + describeHeader(cells) + " is neither item-level ("
                        + String.join(",", TIDY_REQUIRED) + ") nor score-level (" + String.join(",", SCORES_REQUIRED)
                        + ")", null);
            }
        }
        List<String> required = f == Format.TIDY ? TIDY_REQUIRED : SCORES_REQUIRED;
        List<String> optional = f == Format.TIDY ? TIDY_OPTIONAL : SCORES_OPTIONAL;
        for (String c : required) {
            if (!header.containsKey(c)) {
                throw new DataFormatException(name, 1, 0, "missing column '" + c + "' (the header has "
                        + describeHeader(cells) + "); it must contain " + String.join(",", required), null);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String c : cells) {
            if (!required.contains(c) && !optional.contains(c)) {
                extra.add(c);
            }
        }
        if (!extra.isEmpty()) {
            // named, but never a million of them: the first 20 and a count
            err.println("rom: ignoring " + extra.size() + " extra column" + (extra.size() == 1 ? "" : "s") + " in " + name
                    + ": " + String.join(", ", extra.stream().limit(20).map(SafeText::show).toList())
                    + (extra.size() > 20 ? " and " + (extra.size() - 20) + " more" : ""));
            err.flush();
        }
        CohortInput out = new CohortInput(file, f, instruments, direction);
        out.columns = Map.copyOf(header);
        return out;
    }

    /**
     * A header that is not a cohort header may be a data row (a headerless export): name only the columns OpenROM
     * knows and count the others, so that no cell of a patient's row reaches the message.
     */
    private static String describeHeader(List<String> cells) {
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
     * Reads a score-level file once for the names of its external scales, so that rules that read them can be
     * created before the patients are read; the pass that delivers them must then read the same bytes. Other
     * formats have no external scales, and this does not read them.
     *
     * @return the external scales, by name
     * @throws IOException on read errors
     */
    public Map<String, Scale> scan() throws IOException {
        if (format == Format.SCORES && plugin == null && !scanned) {
            CsvRecords recs = new CsvRecords();
            try (GuardedReader g = reader(); CsvReader<CsvRecords> csv = CsvRecords.reader(g, recs)) {
                Iterator<CsvRecords> it = csv.iterator();
                boolean header = true;
                while (next(it, recs)) {
                    CsvRecords rec = it.next();
                    if (header) {
                        rec.want(slots());
                        header = false;
                    } else if (rec.has(SCALE)) {
                        String scale = rec.string(SCALE);
                        if (!scale.isEmpty() && instruments.findScale(scale).isEmpty() && SafeText.isId(scale)) {
                            externalScales.computeIfAbsent(scale, x -> Scale.external(x, direction, Psychometrics.NONE));
                        }
                    }
                }
                passComplete(g);
            }
            scanned = true;
        }
        return Map.copyOf(externalScales);
    }

    /**
     * Declares the file sorted by patient (rows of a patient contiguous, patients in natural order, {@code p2}
     * before {@code p10}): it is then streamed with one patient in memory and no temporary files, and the first
     * patient out of order is an error naming its line. For large exports that come sorted.
     *
     * @return this
     */
    public CohortInput sortedByPatient() {
        declaredSorted = true;
        return this;
    }

    /** Sets the rows an unsorted read holds before writing a sort run (tests use small buffers). */
    CohortInput bufferRows(int rows, Path dir) {
        this.bufferRows = rows;
        this.tempDir = dir;
        return this;
    }

    /** @return external scales met so far (score-level files), by name */
    public Map<String, Scale> externalScales() {
        return Map.copyOf(externalScales);
    }

    private int[] slots() {
        int[] s = new int[SLOTS.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = columns.getOrDefault(SLOTS.get(i), -1);
        }
        return s;
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
        return new DataFormatException(name, 0, 0, "the file changed while it was being read (" + fullPass[0]
                + " bytes, then " + now + "): is an export still being written? Run again when it is complete", null);
    }

    /** Advances the tokenizer, turning its failures (not the guarded reader's, which are precise) into ours. */
    private boolean next(Iterator<CsvRecords> it, CsvRecords rec) {
        try {
            return it.hasNext();
        } catch (CsvParseException | UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DataFormatException d) {
                    throw d;
                }
            }
            // the line the failing record starts on (the reader itself is ahead of it)
            throw new DataFormatException(name, Math.max(1, rec.line()), 0, "malformed CSV: " + SafeMessage.of(e)
                    + " (a quote inside an unquoted field, or text after a closing quote?)", null);
        }
    }

    /**
     * Delivers every patient in natural order of patient id.
     *
     * @param sink receives each patient
     * @throws IOException on read errors, or when a sort run cannot be written
     * @throws DataFormatException on bad input
     */
    public void forEachPatient(Consumer<PatientHistory> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Consumer<PatientParts> deliver = p -> sink.accept(p.finish(source));
        if (readAhead) {
            ReadAhead.run(this::produce, deliver);
        } else {
            produce(deliver);
        }
    }

    /**
     * Delivers every administration, validated but not scored: patients in natural order of id, each patient's
     * administrations by occasion and then instrument. For callers that score themselves, such as an
     * {@code OutcomeMonitor} fed record by record.
     *
     * @param sink receives each administration
     * @throws IOException on read errors, or when a sort run cannot be written
     * @throws DataFormatException on bad input, and for score-level files (they hold no administrations)
     */
    public void forEachAdministration(Consumer<Administration> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Consumer<PatientParts> deliver = p -> p.administrations(source, sink);
        if (readAhead) {
            ReadAhead.run(this::produce, deliver);
        } else {
            produce(deliver);
        }
    }

    /**
     * Reads on a second thread while the calling thread scores and consumes (the default when the machine has
     * more than one processor; the sink still runs on the calling thread, in order). Turn it off when the caller
     * already reads several files in parallel.
     *
     * @param on whether to read ahead
     * @return this
     */
    public CohortInput readAhead(boolean on) {
        this.readAhead = on;
        return this;
    }

    /** Reads the file and emits each patient's parts in natural order of id (not yet scored). */
    private void produce(Consumer<PatientParts> emit) throws IOException {
        try (PatientSorter sorter = declaredSorted ? null : new PatientSorter(bufferRows, tempDir)) {
            Collector c = declaredSorted ? new Streaming(emit) : new Sorting(sorter);
            try {
                if (plugin != null) {
                    long[] n = {0};
                    plugin.read(file, instruments, a -> {
                        n[0]++;
                        c.parts(a.patientId(), n[0]).put(source, a, n[0]);
                        c.added();
                    }, sc -> {
                        pluginScore(sc, c);
                        c.added();
                    });
                } else if (format == Format.JSONL) {
                    readJsonLines(c);
                } else {
                    readCsv(c);
                }
                c.finish();
            } catch (SortRunFailure e) {
                throw e.getCause();
            }
            if (sorter != null) {
                if (sorter.runs() > 0 && sorter.cameSorted()) {
                    err.println("rom: " + name + " came sorted by patient: declared sorted (--sorted), it is streamed "
                            + "without temporary files, in about half the time");
                    err.flush();
                }
                sorter.deliver(source, emit);
            }
        }
    }

    /**
     * Options of the input's format given on the command line ({@code form-map} for FHIR input).
     *
     * @param options option name → value; empty: none
     * @return this input
     * @throws ValidationException when the format takes no such option (the built-in CSV and JSON Lines formats take
     *     none), or a value is wrong
     */
    public CohortInput formatOptions(Map<String, String> options) {
        Objects.requireNonNull(options, "options");
        if (options.isEmpty()) {
            return this;
        }
        if (plugin == null) {
            String option = options.keySet().iterator().next();
            throw new ValidationException(name, "--" + option, options.get(option), "an input whose format takes it "
                    + "(the " + (format == null ? "csv" : format.name().toLowerCase(Locale.ROOT)) + " input takes no options)");
        }
        plugin = plugin.configured(options);
        return this;
    }

    /** A score from a plugin format, checked as a score-level row is. */
    private void pluginScore(org.openrom.io.spi.InputFormat.ScoreRow sc, Collector c) {
        Scale installed = instruments.findScale(sc.scale()).orElse(null);
        if (installed == null) {
            throw new DataFormatException(name, sc.line(), 0, "scale " + shape("scale", sc.scale())
                    + ": expected a scale of an installed instrument", null);
        }
        if (sc.occasion() < 0 || !(sc.value() >= installed.min() && sc.value() <= installed.max())) {
            throw new DataFormatException(name, sc.line(), 0, "score " + num(sc.value()) + " at occasion " + sc.occasion()
                    + ": expected a score of " + sc.scale() + " in " + num(installed.min()) + ".." + num(installed.max())
                    + " at an occasion >= 0", null);
        }
        if (!c.parts(sc.patientId(), sc.line()).score(installed.qualifiedId(), sc.occasion(), sc.value(), sc.line())) {
            throw new DataFormatException(name, sc.line(), 0, "occasion " + sc.occasion() + ": expected one score per "
                    + "patient, scale and occasion (duplicate for " + SafeText.show(sc.patientId()) + ", " + sc.scale()
                    + ")", null);
        }
    }

    /** Where the rows of a patient go: the one patient streamed, or the sorter. */
    private interface Collector {
        PatientParts parts(String patientId, long line);

        void added();

        void finish();
    }

    /** A failure to write a sort run, carried out of the row loop. */
    private static final class SortRunFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        SortRunFailure(IOException cause) {
            super(cause);
        }
    }

    private final class Streaming implements Collector {
        private final Consumer<PatientParts> emit;
        private PatientParts current;

        Streaming(Consumer<PatientParts> emit) {
            this.emit = emit;
        }

        @Override
        public PatientParts parts(String patientId, long line) {
            if (current != null && current.patientId.equals(patientId)) {
                return current;
            }
            if (current != null) {
                // strictly increasing ids also rule out a patient whose rows come back later
                if (NaturalOrder.INSTANCE.compare(current.patientId, patientId) >= 0) {
                    throw new DataFormatException(name, line, 0, "patients are not sorted here (the file was "
                            + "declared sorted by patient): sort it by patient id, or read it without declaring it "
                            + "sorted", null);
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

    private static final class Sorting implements Collector {
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

    private void readJsonLines(Collector c) throws IOException {
        try (GuardedReader g = reader(); BufferedReader r = new BufferedReader(g)) {
            long lineNo = 0;
            for (String line; (line = r.readLine()) != null;) {
                lineNo++;
                if (!line.isBlank()) {
                    Administration a = readJsonLine(line, lineNo);
                    c.parts(a.patientId(), lineNo).put(source, a, lineNo);
                    c.added();
                }
            }
            passComplete(g);
        }
    }

    /** One line of JSON Lines: an administration in the library's own JSON format ({@code RomJson}). */
    private Administration readJsonLine(String line, long lineNo) {
        Administration a;
        try {
            a = RomJson.read(line, Administration.class);
        } catch (DataFormatException e) {
            throw new DataFormatException(name, lineNo, e.column().orElse(0L),
                    e.getMessage().replaceFirst("^<input>(:[0-9]+)*: ", ""), null);
        } catch (ValidationException e) {
            throw new DataFormatException(name, lineNo, 0, "not an administration: " + e.violations().get(0)
                    + (e.violations().size() > 1 ? " (and " + (e.violations().size() - 1) + " more)" : ""), null);
        } catch (RomException e) {
            throw new DataFormatException(name, lineNo, 0, "not an administration: " + e.getMessage(), null);
        }
        if (instruments.find(a.instrumentId()).isEmpty()) {
            throw new DataFormatException(name, lineNo, 0, "field instrumentId: got " + shape("instrument",
                    a.instrumentId()) + ", expected an installed instrument", null);
        }
        return a;
    }

    // ----- CSV rows: read from the tokenizer's buffers, strings made only for what is kept or reported -----

    private final class RowState {
        char[] patientRaw = new char[0];
        String patient;
        char[] instrumentRaw = new char[0];
        Instrument instrument;
        char[][] itemIds;
        int lastItem = -1;
        char[] groupRaw = new char[0];
        String group;
        char[] dateRaw = new char[0];
        LocalDate date;
        char[] scaleRaw = new char[0];
        String scale;
        Scale installedScale;
        long missingScores;
        // by identity: an instrument's own hashCode walks its whole definition
        final Map<Instrument, char[][]> items = new java.util.IdentityHashMap<>();
    }

    private void readCsv(Collector c) throws IOException {
        CsvRecords rec = new CsvRecords();
        RowState st = new RowState();
        try (GuardedReader g = reader(); CsvReader<CsvRecords> csv = CsvRecords.reader(g, rec)) {
            Iterator<CsvRecords> it = csv.iterator();
            boolean header = true;
            while (next(it, rec)) {
                it.next();
                if (rec.paddedQuote() >= 0) {
                    throw new DataFormatException(name, rec.line(), rec.paddedQuote() + 1L, "a quoted field has white "
                            + "space before its opening quote: remove it (RFC 4180 reads such quotes as text)", null);
                }
                if (header) {
                    rec.want(slots());
                    header = false;
                    continue;
                }
                if (rec.fields() > columns.size()) {
                    throw new DataFormatException(name, rec.line(), columns.size() + 1L, "the row has " + rec.fields()
                            + " fields, the header " + columns.size() + " (an unquoted comma in a text field?)", null);
                }
                if (format == Format.TIDY) {
                    readTidy(rec, st, c);
                } else {
                    readScore(rec, st, c);
                }
                c.added();
            }
            passComplete(g);
        }
        missingScores = st.missingScores;
        if (st.missingScores > 0) {
            err.println("rom: " + name + ": " + st.missingScores + " empty or NA scores read as missing");
            err.flush();
        }
    }

    /**
     * @return how many scores of the last completed read of a score-level file were empty or {@code NA} and were
     * read as missing (0 before a read, and for other formats)
     */
    public long missingScores() {
        return missingScores;
    }

    private void require(CsvRecords rec, int slot) {
        if (!rec.has(slot)) {
            String column = SLOTS.get(slot);
            throw new DataFormatException(name, rec.line(), columns.get(column) + 1L,
                    "column " + column + ": the row has only " + rec.fields() + " fields", null);
        }
    }

    private DataFormatException bad(CsvRecords rec, int slot, String value, String expected) {
        String column = SLOTS.get(slot);
        return new DataFormatException(name, rec.line(), columns.get(column) + 1L, "column " + column + ": got "
                + shape(column, value) + ", expected " + expected, null);
    }

    private static final Pattern ID_LIKE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?[0-9.,eE]{1,24}");

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

    private static char[] copy(CsvRecords rec, int slot) {
        return java.util.Arrays.copyOf(rec.chars(slot), rec.length(slot));
    }

    private String patient(CsvRecords rec, RowState st) {
        require(rec, PATIENT);
        if (st.patient != null && rec.equals(PATIENT, st.patientRaw)) {
            return st.patient;
        }
        String s = Administration.normalizeId(rec.string(PATIENT));
        if (!Administration.isValidId(s)) {
            throw bad(rec, PATIENT, s, "a non-blank id of at most 128 characters without control characters");
        }
        st.patientRaw = copy(rec, PATIENT);
        st.patient = s;
        return s;
    }

    private int occasion(CsvRecords rec) {
        require(rec, OCCASION);
        long v = rec.digits(OCCASION, 9, false);
        if (v == Long.MIN_VALUE) {
            throw bad(rec, OCCASION, rec.string(OCCASION), "a whole number of ASCII digits (0 or more)");
        }
        return (int) v;
    }

    private String group(CsvRecords rec, RowState st) {
        if (!rec.has(GROUP) || rec.length(GROUP) == 0) {
            return null;
        }
        if (st.group == null || !rec.equals(GROUP, st.groupRaw)) {
            st.groupRaw = copy(rec, GROUP);
            st.group = Administration.normalizeId(rec.string(GROUP));
        }
        return st.group;
    }

    private void readTidy(CsvRecords rec, RowState st, Collector c) {
        String patient = patient(rec, st);
        int occasion = occasion(rec);
        require(rec, INSTRUMENT);
        if (st.instrument == null || !rec.equals(INSTRUMENT, st.instrumentRaw)) {
            String id = rec.string(INSTRUMENT);
            st.instrument = instruments.find(id).orElseThrow(() -> bad(rec, INSTRUMENT, id, "an installed instrument: "
                    + String.join(", ", instruments.instruments().stream().map(Instrument::id).toList())));
            st.instrumentRaw = copy(rec, INSTRUMENT);
            st.itemIds = st.items.computeIfAbsent(st.instrument, ins -> ins.items().stream()
                    .map(i -> i.id().toCharArray()).toArray(char[][]::new));
            st.lastItem = -1;
        }
        Instrument ins = st.instrument;
        require(rec, ITEM);
        int idx = itemIndex(rec, st);
        if (idx < 0) {
            String itemId = rec.string(ITEM);
            throw bad(rec, ITEM, itemId, "an item of " + ins.id() + ": "
                    + String.join(", ", ins.items().stream().map(Item::id).toList()));
        }
        Item item = ins.items().get(idx);
        require(rec, VALUE);
        int v = PatientParts.MISSING;
        if (rec.length(VALUE) > 0) {
            if (item.type() != ItemType.ORDINAL) {
                throw bad(rec, VALUE, "<text>", "no value: item " + item.id() + " is free text, which tidy CSV does not carry");
            }
            long n = rec.digits(VALUE, 9, true);
            if (n == Long.MIN_VALUE || !item.scale().contains((int) n)) {
                throw bad(rec, VALUE, rec.string(VALUE), "an integer in " + item.scale().min() + ".."
                        + item.scale().max());
            }
            v = (int) n;
        }
        LocalDate date = null;
        if (rec.has(DATE) && rec.length(DATE) > 0) {
            if (st.date == null || !rec.equals(DATE, st.dateRaw)) {
                try {
                    st.date = LocalDate.parse(rec.string(DATE));
                } catch (DateTimeParseException e) {
                    throw bad(rec, DATE, rec.string(DATE), "an ISO-8601 date (yyyy-mm-dd)");
                }
                st.dateRaw = copy(rec, DATE);
            }
            date = st.date;
        }
        String group = group(rec, st);
        PatientParts parts = c.parts(patient, rec.line());
        PatientParts.Adm adm = parts.adm(occasion, ins, rec.line());
        int[] values = adm.values();
        if (values[idx] != PatientParts.ABSENT) {
            throw bad(rec, ITEM, item.id(), "each item once per administration (duplicate row for patient " + patient
                    + ", occasion " + occasion + ", " + ins.id() + ")");
        }
        values[idx] = v;
        adm.lines[idx] = rec.line();
        // one administration has one date, one group and one comment: rows that disagree are an error, never "the last"
        if (date != null) {
            if (adm.date != null && !adm.date.equals(date)) {
                throw bad(rec, DATE, date.toString(), "the date of the administration's other rows, " + adm.date
                        + " (one administration, one date)");
            }
            adm.date = date;
        }
        if (group != null) {
            if (adm.group != null && !adm.group.equals(group)) {
                throw bad(rec, GROUP, group, "the group of the administration's other rows (one administration, one group)");
            }
            adm.group = group;
            parts.group = group;
        }
        if (rec.has(COMMENT) && rec.length(COMMENT) > 0) {
            String comment = rec.string(COMMENT);
            if (adm.comment != null && !adm.comment.equals(comment)) {
                throw new DataFormatException(name, rec.line(), columns.get(SLOTS.get(COMMENT)) + 1L, "column "
                        + SLOTS.get(COMMENT) + ": expected one comment per administration (another row of it has a "
                        + "different one)", null);
            }
            adm.comment = comment;
        }
    }

    /** The index of the row's item in its instrument: most files list items in order, so the next one is tried first. */
    private static int itemIndex(CsvRecords rec, RowState st) {
        char[][] ids = st.itemIds;
        int guess = st.lastItem + 1;
        if (guess < ids.length && rec.equals(ITEM, ids[guess])) {
            st.lastItem = guess;
            return guess;
        }
        for (int i = 0; i < ids.length; i++) {
            if (rec.equals(ITEM, ids[i])) {
                st.lastItem = i;
                return i;
            }
        }
        return -1;
    }

    private void readScore(CsvRecords rec, RowState st, Collector c) {
        String patient = patient(rec, st);
        int occasion = occasion(rec);
        require(rec, SCALE);
        if (st.scale == null || !rec.equals(SCALE, st.scaleRaw)) {
            String scale = rec.string(SCALE);
            if (scale.isEmpty()) {
                throw bad(rec, SCALE, scale, "a scale name");
            }
            Scale installed = instruments.findScale(scale).orElse(null);
            if (installed == null) {
                if (!SafeText.isId(scale)) {
                    throw bad(rec, SCALE, scale, "an installed scale or a name of lower-case letters, digits, '-' or '_'");
                }
                externalScales.computeIfAbsent(scale, s -> Scale.external(s, direction, Psychometrics.NONE));
            }
            st.scale = scale;
            st.scaleRaw = copy(rec, SCALE);
            st.installedScale = installed;
        }
        require(rec, SCORE);
        String score = rec.string(SCORE).strip();
        if (score.isEmpty() || score.equals("NA")) {
            // a missing score (R writes NA, SPSS, Stata and Excel an empty cell): the patient is known, the score is not
            c.parts(patient, rec.line());
            st.missingScores++;
            return;
        }
        if (score.length() > MAX_SCORE_CHARS || !DECIMAL.matcher(score).matches()) {
            throw bad(rec, SCORE, score, "a finite decimal number such as 12, 12.5, .5 or 1e3 (empty or NA: missing)");
        }
        double v = Double.parseDouble(score);
        if (!Double.isFinite(v)) {
            throw bad(rec, SCORE, score, "a finite decimal number (this one overflows)");
        }
        Scale installed = st.installedScale;
        if (installed != null && !(v >= installed.min() && v <= installed.max())) {
            throw bad(rec, SCORE, score, "a score of " + st.scale + " in " + num(installed.min()) + ".."
                    + num(installed.max()));
        }
        String group = group(rec, st);
        PatientParts parts = c.parts(patient, rec.line());
        if (!parts.score(st.scale, occasion, v, rec.line())) {
            throw bad(rec, OCCASION, String.valueOf(occasion), "one score per patient, scale and occasion (duplicate for "
                    + patient + ", " + st.scale + ")");
        }
        if (group != null) {
            parts.group = group;
        }
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
}
