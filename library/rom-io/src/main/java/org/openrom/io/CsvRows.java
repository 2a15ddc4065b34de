package org.openrom.io;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openrom.core.DataFormatException;
import org.openrom.core.SafeText;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.instrument.Psychometrics;
import org.openrom.core.instrument.Scale;
import org.openrom.core.score.Administration;

/**
 * The rows of an item-level or a score-level CSV file, read from the tokenizer's buffers: strings are made only for
 * what is kept or reported, and every error names the file, line, column and value (by its shape where it could be
 * free text). One reader per pass; not thread-safe.
 */
final class CsvRows {

    /**
     * Every finite decimal notation statistics packages and spreadsheets write: an optional sign, digits with an
     * optional point and fraction or a point and fraction alone ({@code 12}, {@code 12.5}, {@code .5}, {@code 5.}),
     * an optional exponent ({@code 1e3}, {@code 1.5E+02}, {@code 2e-1}) and any number of decimals (R writes up to
     * 15 significant digits, SPSS and Stata up to 17). Text, {@code NaN} and the infinities do not match.
     */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");

    /** The longest score text read (a double needs at most 25 characters; longer is not a number a program wrote). */
    private static final int MAX_SCORE_CHARS = 64;

    static final List<String> TIDY_REQUIRED = List.of("patient_id", "occasion", "instrument", "item", "value");
    static final List<String> TIDY_OPTIONAL = List.of("date", "group_id", "comment");
    static final List<String> SCORES_REQUIRED = List.of("patient_id", "occasion", "scale", "score");
    static final List<String> SCORES_OPTIONAL = List.of("date", "group_id");
    /** The columns read, in slot order (see {@link CsvRecords#want}). */
    private static final List<String> SLOTS = List.of("patient_id", "occasion", "instrument", "item", "value", "date",
            "group_id", "comment", "scale", "score");
    static final int PATIENT = 0;
    static final int OCCASION = 1;
    static final int INSTRUMENT = 2;
    static final int ITEM = 3;
    static final int VALUE = 4;
    static final int DATE = 5;
    private static final int GROUP = 6;
    private static final int COMMENT = 7;
    static final int SCALE = 8;
    private static final int SCORE = 9;

    /**
     * A header that is not a cohort header may be a data row (a headerless export): name only the columns OpenROM
     * knows and count the others, so that no cell of a patient's row reaches the message.
     */
    static String describeHeader(List<String> cells) {
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

    // ----- CSV rows: read from the tokenizer's buffers, strings made only for what is kept or reported -----

    private static final class RowState {
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
        Instrument ins = instrument(rec, st);
        require(rec, ITEM);
        int idx = itemIndex(rec, st);
        if (idx < 0) {
            String itemId = rec.string(ITEM);
            throw bad(rec, ITEM, itemId, "an item of " + ins.id() + ": "
                    + String.join(", ", ins.items().stream().map(Item::id).toList()));
        }
        Item item = ins.items().get(idx);
        int v = value(rec, item);
        LocalDate date = date(rec, st);
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

    /** The row's instrument, an installed one; its item ids are kept, to find the row's item without a string. */
    private Instrument instrument(CsvRecords rec, RowState st) {
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
        return st.instrument;
    }

    /** The row's answer: an integer on the item's response scale, or {@link PatientParts#MISSING} when empty. */
    private int value(CsvRecords rec, Item item) {
        require(rec, VALUE);
        if (rec.length(VALUE) == 0) {
            return PatientParts.MISSING;
        }
        if (item.type() != ItemType.ORDINAL) {
            throw bad(rec, VALUE, "<text>", "no value: item " + item.id() + " is free text, which tidy CSV does not carry");
        }
        long n = rec.digits(VALUE, 9, true);
        if (n == Long.MIN_VALUE || !item.scale().contains((int) n)) {
            throw bad(rec, VALUE, rec.string(VALUE), "an integer in " + item.scale().min() + ".." + item.scale().max());
        }
        return (int) n;
    }

    /** The row's date, or null when it has none. */
    private LocalDate date(CsvRecords rec, RowState st) {
        if (!rec.has(DATE) || rec.length(DATE) == 0) {
            return null;
        }
        if (st.date == null || !rec.equals(DATE, st.dateRaw)) {
            try {
                st.date = LocalDate.parse(rec.string(DATE));
            } catch (DateTimeParseException e) {
                throw bad(rec, DATE, rec.string(DATE), "an ISO-8601 date (yyyy-mm-dd)");
            }
            st.dateRaw = copy(rec, DATE);
        }
        return st.date;
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

    static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private final String name;
    private final CohortInput.Format format;
    private final Map<String, Integer> columns;
    private final InstrumentRegistry instruments;
    private final Map<String, Scale> externalScales;
    private final Direction direction;
    private final RowState st = new RowState();

    /**
     * @param name the file's name, for messages
     * @param format {@code TIDY} or {@code SCORES}
     * @param columns column name to 0-based index
     * @param instruments the installed instruments
     * @param externalScales where score-level files put the scales no instrument provides (shared with the input)
     * @param direction the direction of those scales
     */
    CsvRows(String name, CohortInput.Format format, Map<String, Integer> columns, InstrumentRegistry instruments,
            Map<String, Scale> externalScales, Direction direction) {
        this.name = name;
        this.format = format;
        this.columns = columns;
        this.instruments = instruments;
        this.externalScales = externalScales;
        this.direction = direction;
    }

    /** @return for each slot of {@link #SLOTS}, its column's index, or -1 */
    static int[] slots(Map<String, Integer> columns) {
        int[] s = new int[SLOTS.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = columns.getOrDefault(SLOTS.get(i), -1);
        }
        return s;
    }

    /** Reads one data row into {@code c}. */
    void row(CsvRecords rec, Collector c) {
        if (rec.fields() > columns.size()) {
            throw new DataFormatException(name, rec.line(), columns.size() + 1L, "the row has " + rec.fields()
                    + " fields, the header " + columns.size() + " (an unquoted comma in a text field?)", null);
        }
        if (format == CohortInput.Format.TIDY) {
            readTidy(rec, st, c);
        } else {
            readScore(rec, st, c);
        }
    }

    /** @return the empty or {@code NA} scores read as missing so far */
    long missingScores() {
        return st.missingScores;
    }
}
