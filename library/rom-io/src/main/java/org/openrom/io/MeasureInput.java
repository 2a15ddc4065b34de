package org.openrom.io;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.openrom.core.DataFormatException;
import org.openrom.core.SafeText;
import org.openrom.core.score.Administration;
import org.openrom.measures.MeasurePatient;
import org.openrom.measures.MeasurePatient.Assessment;
import org.openrom.measures.MeasurePatient.CareEvidence;
import org.openrom.measures.MeasurePatient.CareKind;
import org.openrom.measures.MeasurePatient.Diagnosis;
import org.openrom.measures.MeasurePatient.DiagnosisKind;
import org.openrom.measures.MeasurePatient.Tool;
import org.openrom.measures.MeasurePatient.Visit;

/**
 * A researcher's tidy CSV for the episode measures ({@link org.openrom.measures.EpisodeMeasure}): one row per patient
 * and day of contact, columns in any order.
 * <ul>
 * <li>{@code patient_id}, {@code date} (required): the patient, and the day ({@code yyyy-mm-dd}, or
 * {@code yyyy-mm-ddThh:mm} to order several scores on one day; without a time they keep their row order);</li>
 * <li>{@code birth_date}: on one row of the patient or more (rows that disagree are an error);</li>
 * <li>{@code score}: a PHQ-9 total answered that day (empty: none), {@code tool}: {@code phq9} (default) or
 * {@code phq9m};</li>
 * <li>flags {@code 0}/{@code 1} (empty: 0): {@code visit} (a finished contact or office visit that day),
 * {@code depression} (a confirmed, active diagnosis of major depression or dysthymia that day), the exclusions
 * {@code bipolar}, {@code personality_disorder}, {@code psychotic_disorder}, {@code pervasive_developmental_disorder}
 * (a diagnosis with onset that day), {@code hospice}, {@code palliative} (care that day) and {@code died} (died that
 * day).</li>
 * </ul>
 * Every fact is known by the row it came from ({@code file:line}), which a measure report names as its evidence.
 * Patients are delivered in natural order of id. Every error names the file, the line, the column and what was
 * expected; a file with an error delivers nothing.
 */
public final class MeasureInput {
    /** The flag columns and what a 1 in them means. */
    private static final List<String> FLAGS = List.of("visit", "depression", "bipolar", "personality_disorder",
            "psychotic_disorder", "pervasive_developmental_disorder", "hospice", "palliative", "died");
    private static final List<String> KNOWN;

    static {
        List<String> k = new ArrayList<>(List.of("patient_id", "date", "birth_date", "score", "tool"));
        k.addAll(FLAGS);
        KNOWN = List.copyOf(k);
    }

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
        Map<String, Builder> patients = new TreeMap<>(NaturalOrder.INSTANCE);
        Map<String, Integer> col = null;
        long rows = 0;
        try (GuardedReader in = new GuardedReader(file, name);
                CsvReader<CsvRecord> csv = CsvReader.builder().skipEmptyLines(true).ofCsvRecord(in)) {
            for (CsvRecord rec : csv) {
                if (col == null) {
                    col = header(rec);
                    continue;
                }
                rows++;
                row(rec, col, patients);
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
        for (Builder b : patients.values()) {
            sink.accept(b.build());
        }
        return rows;
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
                throw new DataFormatException(name, 1, 0, "missing column " + required + "; the columns are "
                        + String.join(", ", KNOWN) + " (patient_id and date required)", null);
            }
        }
        if (!unknown.isEmpty()) {
            throw new DataFormatException(name, 1, 0, "unknown column" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown.subList(0, Math.min(5, unknown.size()))) + ": expected "
                    + String.join(", ", KNOWN), null);
        }
        return col;
    }

    private void row(CsvRecord rec, Map<String, Integer> col, Map<String, Builder> patients) {
        long line = rec.getStartingLineNumber();
        String id = Administration.normalizeId(field(rec, col, "patient_id"));
        if (!Administration.isValidId(id)) {
            throw bad(rec, col, "patient_id", "a non-blank id of at most 128 characters without control characters");
        }
        String dateText = field(rec, col, "date");
        LocalDateTime at;
        try {
            at = dateText.length() > 10 ? LocalDateTime.parse(dateText) : LocalDate.parse(dateText).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw bad(rec, col, "date", "an ISO date (yyyy-mm-dd) or date and time (yyyy-mm-ddThh:mm)");
        }
        LocalDate day = at.toLocalDate();
        Builder b = patients.computeIfAbsent(id, Builder::new);
        String ref = name + ":" + line;
        String birth = field(rec, col, "birth_date");
        if (!birth.isEmpty()) {
            LocalDate d;
            try {
                d = LocalDate.parse(birth);
            } catch (DateTimeParseException e) {
                throw bad(rec, col, "birth_date", "an ISO date (yyyy-mm-dd)");
            }
            if (b.birth != null && !b.birth.equals(d)) {
                throw bad(rec, col, "birth_date", "the birth date of the patient's other rows (one birth date per patient)");
            }
            b.birth = d;
        }
        String score = field(rec, col, "score");
        String tool = field(rec, col, "tool");
        if (!score.isEmpty()) {
            double v;
            try {
                v = Double.parseDouble(score);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!Double.isFinite(v) || !score.matches("[-+]?[0-9]+(\\.[0-9]+)?")) {
                throw bad(rec, col, "score", "a PHQ-9 total such as 12 (empty: no score that day)");
            }
            Tool t = switch (tool) {
                case "", "phq9" -> Tool.PHQ9;
                case "phq9m" -> Tool.PHQ9M;
                default -> throw bad(rec, col, "tool", "phq9 or phq9m (empty: phq9)");
            };
            b.assessments.add(new Assessment(ref, at, v, t));
        } else if (!tool.isEmpty()) {
            throw bad(rec, col, "tool", "empty on a row without a score");
        }
        for (String f : FLAGS) {
            String v = field(rec, col, f);
            if (!v.isEmpty() && !v.equals("0") && !v.equals("1")) {
                throw bad(rec, col, f, "0 or 1 (empty: 0)");
            }
            if (v.equals("1")) {
                if (f.equals("died") && b.death != null && !b.death.equals(day)) {
                    throw bad(rec, col, f, "one day of death per patient (another row gives another)");
                }
                b.flag(f, day, ref);
            }
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

    /** One patient's facts while the file is read. */
    private static final class Builder {
        final String id;
        LocalDate birth;
        LocalDate death;
        final List<Assessment> assessments = new ArrayList<>();
        final List<Visit> visits = new ArrayList<>();
        final List<Diagnosis> diagnoses = new ArrayList<>();
        final List<CareEvidence> care = new ArrayList<>();

        Builder(String id) {
            this.id = id;
        }

        void flag(String f, LocalDate day, String ref) {
            switch (f) {
                case "visit" -> visits.add(new Visit(ref, day, day));
                case "depression" -> diagnoses.add(new Diagnosis(ref, DiagnosisKind.DEPRESSION, day, Optional.of(day)));
                case "bipolar" -> diagnoses.add(new Diagnosis(ref, DiagnosisKind.BIPOLAR, day, Optional.empty()));
                case "personality_disorder" -> diagnoses.add(new Diagnosis(ref, DiagnosisKind.PERSONALITY_DISORDER, day,
                        Optional.empty()));
                case "psychotic_disorder" -> diagnoses.add(new Diagnosis(ref, DiagnosisKind.PSYCHOTIC_DISORDER, day,
                        Optional.empty()));
                case "pervasive_developmental_disorder" -> diagnoses.add(new Diagnosis(ref,
                        DiagnosisKind.PERVASIVE_DEVELOPMENTAL_DISORDER, day, Optional.empty()));
                case "hospice" -> care.add(new CareEvidence(ref, CareKind.HOSPICE, day, day));
                case "palliative" -> care.add(new CareEvidence(ref, CareKind.PALLIATIVE, day, day));
                default -> death = day; // died
            }
        }

        MeasurePatient build() {
            return new MeasurePatient(id, Optional.ofNullable(birth), Optional.ofNullable(death).map(MeasurePatient.Death::on),
                    assessments, visits,
                    diagnoses, care);
        }
    }
}
