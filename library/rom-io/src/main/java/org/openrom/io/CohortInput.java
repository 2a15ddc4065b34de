package org.openrom.io;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;
import org.openrom.core.history.HistoryAssembler;
import org.openrom.core.history.OccasionRule;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Psychometrics;
import org.openrom.core.instrument.Scale;
import org.openrom.core.json.RomJson;
import org.openrom.core.safety.SafetyAlert;
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
 * collected in memory up to {@value #DEFAULT_BUFFER_ROWS} rows (fewer in a small heap: {@link #bufferRowsFor}), beyond
 * that written as sorted runs to owner-only
 * temporary files in {@code java.io.tmpdir} and merged at the end (an external sort). A CSV file that a first pass over
 * its bytes finds sorted by patient is streamed instead, as one declared so ({@code SortedScan}). A file declared
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
     * The heap a buffered row may take, with room to spare: a row of a shuffled file measured about 250 bytes in the
     * sort buffer (its patient's parts, the administration's answers, the map entries), and the merge keeps the last
     * buffer while it reads the runs.
     */
    static final long BUFFERED_ROW_BYTES = 1_000;

    /** The input formats. */
    public enum Format {
        /** Item-level CSV. */
        TIDY,
        /** Score-level CSV. */
        SCORES,
        /** JSON Lines of administrations. */
        JSONL
    }

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
    /** Not declared, but found sorted by a scan of the file (null before the first read). */
    private Boolean foundSorted;
    private int bufferRows = bufferRowsFor(Runtime.getRuntime().maxMemory());
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
        String first = GuardedReader.firstLine(file);
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
            if (header.keySet().containsAll(CsvRows.TIDY_REQUIRED)) {
                f = Format.TIDY;
            } else if (header.keySet().containsAll(CsvRows.SCORES_REQUIRED)) {
                f = Format.SCORES;
            } else {
                throw new DataFormatException(name, 1, 0, "header " + CsvRows.describeHeader(cells) + " is neither item-level ("
                        + String.join(",", CsvRows.TIDY_REQUIRED) + ") nor score-level (" + String.join(",", CsvRows.SCORES_REQUIRED)
                        + ")", null);
            }
        }
        List<String> required = f == Format.TIDY ? CsvRows.TIDY_REQUIRED : CsvRows.SCORES_REQUIRED;
        List<String> optional = f == Format.TIDY ? CsvRows.TIDY_OPTIONAL : CsvRows.SCORES_OPTIONAL;
        for (String c : required) {
            if (!header.containsKey(c)) {
                throw new DataFormatException(name, 1, 0, "missing column '" + c + "' (the header has "
                        + CsvRows.describeHeader(cells) + "); it must contain " + String.join(",", required), null);
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
                        rec.want(CsvRows.slots(columns));
                        header = false;
                    } else if (rec.has(CsvRows.SCALE)) {
                        String scale = rec.string(CsvRows.SCALE);
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

    /**
     * @param maxHeap the heap the JVM may use, in bytes
     * @return the rows an unsorted read holds before it writes a sort run: {@value #DEFAULT_BUFFER_ROWS}, or fewer so
     *     that the buffer takes at most about a third of the heap (at least 10,000), so that a heap of a few hundred
     *     megabytes sorts a file of any size
     */
    static int bufferRowsFor(long maxHeap) {
        return (int) Math.max(10_000, Math.min(DEFAULT_BUFFER_ROWS, maxHeap / 3 / BUFFERED_ROW_BYTES));
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
        boolean stream = declaredSorted || foundSorted();
        try (PatientSorter sorter = stream ? null : new PatientSorter(bufferRows, tempDir)) {
            Collector c = stream ? new Collector.Streaming(name, emit, declaredSorted) : new Collector.Sorting(sorter);
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
            } catch (Collector.SortRunFailure e) {
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
     * Whether a CSV file not declared sorted comes sorted by patient all the same ({@link SortedScan}: one pass over its
     * bytes, once per input); JSON Lines and plugin formats are not scanned.
     */
    private boolean foundSorted() throws IOException {
        if (foundSorted == null) {
            Integer patient = columns == null ? null : columns.get("patient_id");
            foundSorted = plugin == null && format != Format.JSONL && patient != null && SortedScan.sorted(file, patient);
        }
        return foundSorted;
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
            throw new DataFormatException(name, sc.line(), 0, "scale " + CsvRows.shape("scale", sc.scale())
                    + ": expected a scale of an installed instrument", null);
        }
        if (sc.occasion() < 0 || !(sc.value() >= installed.min() && sc.value() <= installed.max())) {
            throw new DataFormatException(name, sc.line(), 0, "score " + CsvRows.num(sc.value()) + " at occasion " + sc.occasion()
                    + ": expected a score of " + sc.scale() + " in " + CsvRows.num(installed.min()) + ".." + CsvRows.num(installed.max())
                    + " at an occasion >= 0", null);
        }
        if (!c.parts(sc.patientId(), sc.line()).score(installed.qualifiedId(), sc.occasion(), sc.value(), sc.line())) {
            throw new DataFormatException(name, sc.line(), 0, "occasion " + sc.occasion() + ": expected one score per "
                    + "patient, scale and occasion (duplicate for " + SafeText.show(sc.patientId()) + ", " + sc.scale()
                    + ")", null);
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
            throw new DataFormatException(name, lineNo, 0, "field instrumentId: got " + CsvRows.shape("instrument",
                    a.instrumentId()) + ", expected an installed instrument", null);
        }
        return a;
    }

    private void readCsv(Collector c) throws IOException {
        CsvRecords rec = new CsvRecords();
        CsvRows rows = new CsvRows(name, format, columns, instruments, externalScales, direction);
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
                    rec.want(CsvRows.slots(columns));
                    header = false;
                    continue;
                }
                rows.row(rec, c);
                c.added();
            }
            passComplete(g);
        }
        missingScores = rows.missingScores();
        if (missingScores > 0) {
            err.println("rom: " + name + ": " + missingScores + " empty or NA scores read as missing");
            err.flush();
        }
    }

    /**
     * Checks every record of the file for critical answers on its own, for when a read stopped at an error (a refused
     * row stops it before any patient of an unsorted file is delivered, and every row after it goes unread): each
     * critical answer found anywhere in the file is delivered as the {@link SafetyAlert} scoring would raise, once,
     * and a record that cannot be checked is counted, never skipped in silence. Score-level files carry no answers
     * (nothing to check); a plugin format checks its records itself
     * ({@link org.openrom.io.spi.InputFormat#checkCriticalAnswers}).
     *
     * @param sink receives each alert (it holds a patient's answer: never log it)
     * @return what the check covered
     * @throws IOException when the file cannot be read at all
     */
    public CriticalCheck checkCriticalAnswers(Consumer<SafetyAlert> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        return plugin != null ? plugin.checkCriticalAnswers(file, instruments, sink)
                : new CriticalScan(instruments, sink).file(format, file, name, columns);
    }

    /**
     * @return how many scores of the last completed read of a score-level file were empty or {@code NA} and were
     * read as missing (0 before a read, and for other formats)
     */
    public long missingScores() {
        return missingScores;
    }
}
