package org.openrom.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.history.Assembly;
import org.openrom.core.history.DataIssue;
import org.openrom.core.history.HistoryAssembler;
import org.openrom.core.history.HistoryRow;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;

/**
 * One patient under construction: the rows read so far, grouped into administrations (item-level rows), whole
 * administrations (JSON Lines, plugin formats) and scores (score-level rows). Parts of the same patient read at
 * different places of a file (an unsorted file, sorted in runs) are {@link #merge merged} with the same duplicate
 * rules as rows read together, and a part can be written to and read back from a sort run.
 */
final class PatientParts {
    /** An item with no row. */
    static final int ABSENT = Integer.MIN_VALUE;
    /** An item with a row and an empty value (a missing answer). */
    static final int MISSING = Integer.MIN_VALUE + 1;

    /**
     * What the parts need to know about the file they come from.
     *
     * @param name the file's name, for messages
     * @param instruments the installed instruments
     * @param assembler the library's one door, with the cohort files' policies: stated occasions, duplicates refused
     *     (the reader names them with their lines before), responses before stored scores
     */
    record Source(String name, InstrumentRegistry instruments, HistoryAssembler assembler) {
    }

    /** A score and the line it was read from. */
    record Point(double value, long line) {
    }

    /** One administration under construction. */
    static final class Adm {
        final Instrument instrument;
        final int occasion;
        final long line;
        /** Per item (in the instrument's order): the answer, {@link #MISSING} or {@link #ABSENT}; null for whole. */
        int[] values;
        /** Per item: the line of its row. */
        long[] lines;
        /** A whole administration (JSON Lines, plugin formats), or null. */
        Administration whole;
        LocalDate date;
        String group;
        String comment;

        Adm(Instrument instrument, int occasion, long line) {
            this.instrument = instrument;
            this.occasion = occasion;
            this.line = line;
        }

        /** @return the item values, created on first use */
        int[] values() {
            if (values == null) {
                int n = instrument.items().size();
                values = new int[n];
                lines = new long[n];
                java.util.Arrays.fill(values, ABSENT);
            }
            return values;
        }
    }

    private record Key(int occasion, String instrument) {
    }

    final String patientId;
    final Map<Key, Adm> adms = new HashMap<>();
    final Map<String, TreeMap<Integer, Point>> scores = new TreeMap<>();
    String group = "";
    /** The administration the last row went to (rows of one administration come together). */
    private Adm last;

    PatientParts(String patientId) {
        this.patientId = patientId;
    }

    /** @return the administration of this occasion and instrument, created at {@code line} if new */
    Adm adm(int occasion, Instrument instrument, long line) {
        Adm a = last;
        if (a != null && a.occasion == occasion && a.instrument == instrument) {
            return a;
        }
        a = adms.computeIfAbsent(new Key(occasion, instrument.id()), k -> new Adm(instrument, occasion, line));
        last = a;
        return a;
    }

    /** Adds a whole administration read at {@code line}; the same one twice is an error. */
    void put(Source src, Administration a, long line) {
        Instrument ins = src.instruments().get(a.instrumentId());
        Adm adm = adm(a.occasion(), ins, line);
        if (adm.whole != null || adm.values != null) {
            throw new DataFormatException(src.name(), line, 0, "duplicate administration: patient " + a.patientId()
                    + ", occasion " + a.occasion() + ", " + a.instrumentId() + " appears twice", null);
        }
        adm.whole = a;
        a.groupId().ifPresent(g -> group = g);
    }

    /** Adds a score read at {@code line}; returns false when this scale and occasion already has one. */
    boolean score(String scale, int occasion, double value, long line) {
        return scores.computeIfAbsent(scale, k -> new TreeMap<>()).putIfAbsent(occasion, new Point(value, line)) == null;
    }

    /**
     * Adds the parts read later in the file (another sort run) to these, with the duplicate rules of rows read
     * together.
     */
    void merge(Source src, PatientParts later) {
        for (Adm b : later.adms.values()) {
            Key k = new Key(b.occasion, b.instrument.id());
            Adm a = adms.get(k);
            if (a == null) {
                adms.put(k, b);
                continue;
            }
            if (a.whole != null || b.whole != null) {
                throw new DataFormatException(src.name(), b.line, 0, "duplicate administration: patient " + patientId
                        + ", occasion " + b.occasion + ", " + b.instrument.id() + " appears twice", null);
            }
            int[] av = a.values();
            for (int i = 0; i < b.values.length; i++) {
                if (b.values[i] == ABSENT) {
                    continue;
                }
                if (av[i] != ABSENT) {
                    String item = b.instrument.items().get(i).id();
                    throw new DataFormatException(src.name(), b.lines[i], 0, "column item: got '" + item
                            + "', expected each item once per administration (duplicate row for patient " + patientId
                            + ", occasion " + b.occasion + ", " + b.instrument.id() + ")", null);
                }
                av[i] = b.values[i];
                a.lines[i] = b.lines[i];
            }
            if (a.date != null && b.date != null && !a.date.equals(b.date) || a.group != null && b.group != null
                    && !a.group.equals(b.group) || a.comment != null && b.comment != null && !a.comment.equals(b.comment)) {
                throw new DataFormatException(src.name(), b.line, 0, "rows of one administration (patient " + patientId
                        + ", occasion " + b.occasion + ", " + b.instrument.id() + ") disagree on its date, group or "
                        + "comment: expected one of each per administration", null);
            }
            a.date = b.date != null ? b.date : a.date;
            a.group = b.group != null ? b.group : a.group;
            a.comment = b.comment != null ? b.comment : a.comment;
        }
        for (Map.Entry<String, TreeMap<Integer, Point>> e : later.scores.entrySet()) {
            TreeMap<Integer, Point> mine = scores.computeIfAbsent(e.getKey(), k -> new TreeMap<>());
            for (Map.Entry<Integer, Point> p : e.getValue().entrySet()) {
                if (mine.putIfAbsent(p.getKey(), p.getValue()) != null) {
                    throw new DataFormatException(src.name(), p.getValue().line(), 0, "column occasion: got '" + p.getKey()
                            + "', expected one score per patient, scale and occasion (duplicate for " + patientId + ", "
                            + e.getKey() + ")", null);
                }
            }
        }
        if (!later.group.isEmpty()) {
            group = later.group;
        }
    }

    /**
     * The patient's history, through the library's one door ({@link HistoryAssembler}): every administration scored
     * once and the stored scores, in order of occasion. A cohort file is strict: whatever the door would count as a
     * data issue is an error naming its line (an invalid administration with every problem, a stored score of a scale
     * an administration of the same occasion scores).
     */
    PatientHistory finish(Source src) {
        List<Adm> adms = sorted();
        List<HistoryRow> rows = new ArrayList<>(adms.size() + scores.size());
        for (int i = 0; i < adms.size(); i++) {
            Adm a = adms.get(i);
            rows.add(new HistoryRow.Response("a" + i, administration(src, a), HistoryRow.When.at(a.occasion)));
        }
        List<Object[]> points = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, Point>> e : scores.entrySet()) {
            for (Map.Entry<Integer, Point> o : e.getValue().entrySet()) {
                rows.add(new HistoryRow.StoredScore("s" + points.size(), patientId, e.getKey(), o.getValue().value(),
                        HistoryRow.When.at(o.getKey())));
                points.add(new Object[] {e.getKey(), o.getKey(), o.getValue()});
            }
        }
        Assembly assembled = src.assembler().assemble(rows);
        if (!assembled.issues().isEmpty()) {
            throw refused(src, assembled.issues().get(0), adms, points);
        }
        PatientHistory h = assembled.history(patientId).orElseGet(() -> PatientHistory.of(patientId));
        return group.isEmpty() ? h : h.withGroup(group);
    }

    /** The data issue of a row as the cohort file's error: its line, and for an administration every problem. */
    private DataFormatException refused(Source src, DataIssue issue, List<Adm> adms, List<Object[]> points) {
        int index = Integer.parseInt(issue.source().substring(1));
        if (issue.source().charAt(0) == 'a') {
            Adm a = adms.get(index);
            List<org.openrom.core.Violation> v = a.instrument.validate(administration(src, a));
            return invalid(src, a, v.isEmpty() ? new ValidationException("administration", "instrumentId",
                    a.instrument.id(), "an administration the instrument can score") : new ValidationException("administration", v));
        }
        Object[] p = points.get(index);
        Point point = (Point) p[2];
        if (issue.code() == DataIssue.Code.SUPERSEDED) {
            return new DataFormatException(src.name(), point.line(), 0, "occasion " + p[1] + ": expected one score per "
                    + "patient, scale and occasion (" + p[0] + " is also scored from an administration)", null);
        }
        return new DataFormatException(src.name(), point.line(), 0, "score of " + p[0] + " at occasion " + p[1] + ": "
                + issue.code().code() + " (" + issue.field().orElse("the row") + ")", null);
    }

    /** The administrations, in order of occasion and instrument, validated but not scored. */
    void administrations(Source src, Consumer<Administration> sink) {
        if (!scores.isEmpty()) {
            throw new DataFormatException(src.name(), 0, 0, "a score-level file holds scores, not administrations: "
                    + "read it by patient", null);
        }
        for (Adm a : sorted()) {
            Administration adm = administration(src, a);
            // rows were checked one by one as they were read (item known, value in range): what is left to check
            // is that required items are answered, and the instrument's own check reports it when they are not
            if (a.whole != null || !requiredAnswered(a)) {
                List<org.openrom.core.Violation> v = a.instrument.validate(adm);
                if (!v.isEmpty()) {
                    throw invalid(src, a, new ValidationException("administration", v));
                }
            }
            sink.accept(adm);
        }
    }

    private static boolean requiredAnswered(Adm a) {
        List<Item> items = a.instrument.items();
        int[] v = a.values();
        for (int i = 0; i < v.length; i++) {
            if ((v[i] == ABSENT || v[i] == MISSING) && items.get(i).required()) {
                return false;
            }
        }
        return true;
    }

    private List<Adm> sorted() {
        List<Adm> sorted = new ArrayList<>(adms.values());
        sorted.sort(java.util.Comparator.comparingInt((Adm a) -> a.occasion).thenComparing(a -> a.instrument.id()));
        return sorted;
    }

    private Administration administration(Source src, Adm a) {
        try {
            return a.whole != null ? a.whole : build(a);
        } catch (ValidationException e) {
            throw invalid(src, a, e);
        }
    }

    private DataFormatException invalid(Source src, Adm a, ValidationException e) {
        return new DataFormatException(src.name(), a.line, 0, "administration of " + a.instrument.id() + " for patient "
                + patientId + " at occasion " + a.occasion + ": " + e.violations().get(0), e);
    }

    private Administration build(Adm a) {
        Administration.Builder b = Administration.builder(patientId, a.instrument.id(), a.occasion).date(a.date)
                .groupId(a.group).comment(a.comment);
        List<Item> items = a.instrument.items();
        int[] v = a.values();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != ABSENT && v[i] != MISSING) {
                b.answer(items.get(i).id(), v[i]);
            }
        }
        return b.build();
    }

    // ----- sort runs: a private binary form, written and read by the same build -----

    void write(DataOutput out) throws IOException {
        string(out, patientId);
        string(out, group);
        out.writeInt(adms.size());
        for (Adm a : adms.values()) {
            string(out, a.instrument.id());
            out.writeInt(a.occasion);
            out.writeLong(a.line);
            if (a.whole != null) {
                out.writeBoolean(true);
                string(out, RomJson.write(a.whole));
                continue;
            }
            out.writeBoolean(false);
            string(out, a.date == null ? null : a.date.toString());
            string(out, a.group);
            string(out, a.comment);
            int[] v = a.values();
            int n = 0;
            for (int x : v) {
                n += x == ABSENT ? 0 : 1;
            }
            out.writeInt(n);
            for (int i = 0; i < v.length; i++) {
                if (v[i] != ABSENT) {
                    out.writeInt(i);
                    out.writeInt(v[i]);
                    out.writeLong(a.lines[i]);
                }
            }
        }
        out.writeInt(scores.size());
        for (Map.Entry<String, TreeMap<Integer, Point>> e : scores.entrySet()) {
            string(out, e.getKey());
            out.writeInt(e.getValue().size());
            for (Map.Entry<Integer, Point> p : e.getValue().entrySet()) {
                out.writeInt(p.getKey());
                out.writeDouble(p.getValue().value());
                out.writeLong(p.getValue().line());
            }
        }
    }

    static PatientParts read(DataInput in, Source src) throws IOException {
        PatientParts p = new PatientParts(string(in));
        p.group = string(in);
        int adms = in.readInt();
        for (int k = 0; k < adms; k++) {
            Instrument ins = src.instruments().get(string(in));
            Adm a = new Adm(ins, in.readInt(), in.readLong());
            p.adms.put(new Key(a.occasion, ins.id()), a);
            if (in.readBoolean()) {
                a.whole = RomJson.read(string(in), Administration.class);
                continue;
            }
            String date = string(in);
            a.date = date == null ? null : LocalDate.parse(date);
            a.group = string(in);
            a.comment = string(in);
            int[] v = a.values();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int idx = in.readInt();
                v[idx] = in.readInt();
                a.lines[idx] = in.readLong();
            }
        }
        int scales = in.readInt();
        for (int k = 0; k < scales; k++) {
            TreeMap<Integer, Point> m = new TreeMap<>();
            p.scores.put(string(in), m);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                m.put(in.readInt(), new Point(in.readDouble(), in.readLong()));
            }
        }
        return p;
    }

    /** Writes a nullable string of any length (writeUTF stops at 64 KiB, and a comment may be longer). */
    private static void string(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
