package org.openrom.measures;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;
import org.openrom.core.score.Administration;
import org.openrom.measures.MeasurePatient.Assessment;
import org.openrom.measures.MeasurePatient.CareEvidence;
import org.openrom.measures.MeasurePatient.CareKind;
import org.openrom.measures.MeasurePatient.Diagnosis;
import org.openrom.measures.MeasurePatient.DiagnosisKind;
import org.openrom.measures.MeasurePatient.Tool;
import org.openrom.measures.MeasurePatient.Visit;

/**
 * The tidy rows of the depression measures, one per patient and day of contact, turned into one patient's
 * {@link MeasurePatient}: the one place that reads them, for the CSV reader and for Spark alike.
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
 * A rejected row leaves the patient as it was. Not thread-safe: one per patient being read.
 */
public final class MeasureRows {
    /** The flag columns. */
    public static final List<String> FLAGS = List.of("visit", "depression", "bipolar", "personality_disorder",
            "psychotic_disorder", "pervasive_developmental_disorder", "hospice", "palliative", "died");
    /** Every column read, the two required first. */
    public static final List<String> COLUMNS;
    private static final Pattern SCORE = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?");

    static {
        List<String> k = new ArrayList<>(List.of("patient_id", "date", "birth_date", "score", "tool"));
        k.addAll(FLAGS);
        COLUMNS = List.copyOf(k);
    }

    private final String id;
    private LocalDate birth;
    private LocalDate death;
    private final List<Assessment> assessments = new ArrayList<>();
    private final List<Visit> visits = new ArrayList<>();
    private final List<Diagnosis> diagnoses = new ArrayList<>();
    private final List<CareEvidence> care = new ArrayList<>();

    private MeasureRows(String id) {
        this.id = id;
    }

    /**
     * @param patientId the patient, as the rows give it
     * @return an empty patient
     * @throws ValidationException (path {@code patient_id}) when the id is blank, too long or has control characters
     */
    public static MeasureRows patient(String patientId) {
        String id = Administration.normalizeId(Objects.requireNonNull(patientId, "patientId"));
        if (!Administration.isValidId(id)) {
            throw bad("patient_id", patientId, "a non-blank id of at most 128 characters without control characters");
        }
        return new MeasureRows(id);
    }

    /** @return the patient's normalised id */
    public String patientId() {
        return id;
    }

    /**
     * Adds one row of the patient.
     *
     * @param cell the row's cells by column name, {@code null} or empty for none (trimmed by the caller)
     * @param ref the row's reference ({@code file.csv:12}): the id of the facts it gives
     * @throws ValidationException naming the column (its violation's path) and what was expected
     */
    public void add(Function<String, String> cell, String ref) {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(ref, "ref");
        String dateText = text(cell, "date");
        LocalDateTime at;
        try {
            at = dateText.length() > 10 ? LocalDateTime.parse(dateText) : LocalDate.parse(dateText).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw bad("date", dateText, "an ISO date (yyyy-mm-dd) or date and time (yyyy-mm-ddThh:mm)");
        }
        LocalDate day = at.toLocalDate();
        LocalDate born = birth;
        String birthText = text(cell, "birth_date");
        if (!birthText.isEmpty()) {
            try {
                born = LocalDate.parse(birthText);
            } catch (DateTimeParseException e) {
                throw bad("birth_date", birthText, "an ISO date (yyyy-mm-dd)");
            }
            if (birth != null && !birth.equals(born)) {
                throw bad("birth_date", birthText, "the birth date of the patient's other rows (one birth date per patient)");
            }
        }
        Assessment assessment = assessment(cell, ref, at);
        List<String> flags = new ArrayList<>();
        for (String f : FLAGS) {
            String v = text(cell, f);
            if (!v.isEmpty() && !v.equals("0") && !v.equals("1")) {
                throw bad(f, v, "0 or 1 (empty: 0)");
            }
            if (v.equals("1")) {
                if (f.equals("died") && death != null && !death.equals(day)) {
                    throw bad(f, v, "one day of death per patient (another row gives another)");
                }
                flags.add(f);
            }
        }
        // checked: now the row changes the patient
        birth = born;
        if (assessment != null) {
            assessments.add(assessment);
        }
        flags.forEach(f -> flag(f, day, ref));
    }

    private static Assessment assessment(Function<String, String> cell, String ref, LocalDateTime at) {
        String score = text(cell, "score");
        String tool = text(cell, "tool");
        if (score.isEmpty()) {
            if (!tool.isEmpty()) {
                throw bad("tool", tool, "empty on a row without a score");
            }
            return null;
        }
        if (!SCORE.matcher(score).matches() || score.length() > 24) {
            throw bad("score", score, "a PHQ-9 total such as 12 (empty: no score that day)");
        }
        Tool t = switch (tool) {
            case "", "phq9" -> Tool.PHQ9;
            case "phq9m" -> Tool.PHQ9M;
            default -> throw bad("tool", tool, "phq9 or phq9m (empty: phq9)");
        };
        return new Assessment(ref, at, Double.parseDouble(score), t);
    }

    private void flag(String f, LocalDate day, String ref) {
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

    /** @return the patient's facts so far */
    public MeasurePatient build() {
        return new MeasurePatient(id, Optional.ofNullable(birth), Optional.ofNullable(death).map(MeasurePatient.Death::on),
                assessments, visits, diagnoses, care);
    }

    private static String text(Function<String, String> cell, String column) {
        String v = cell.apply(column);
        return v == null ? "" : v.strip();
    }

    private static ValidationException bad(String column, String value, String expected) {
        return new ValidationException("measure row", column, SafeText.show(value), expected);
    }
}
