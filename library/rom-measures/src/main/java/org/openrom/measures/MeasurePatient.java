package org.openrom.measures;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openrom.core.SafeText;
import org.openrom.core.ValidationException;
import org.openrom.core.score.Administration;

/**
 * What an episode measure reads of one patient, as typed facts: the doors (FHIR, tidy CSV) decide what qualifies
 * (a PHQ-9 Observation that is final, amended or corrected; a finished contact or office visit; a confirmed, active
 * diagnosis; hospice or palliative care evidence) and hand over only that, each fact with the id of the record it
 * came from, so that a measure report can name its evidence.
 *
 * @param patientId the patient (opaque)
 * @param birthDate the birth date, if known (without it the age test of the initial population fails)
 * @param death the patient's death, if the patient died
 * @param assessments PHQ-9 and PHQ-9M total scores, in any order
 * @param visits finished contact or office visits
 * @param diagnoses confirmed, active diagnoses of the kinds the measures read
 * @param care hospice and palliative care evidence
 */
public record MeasurePatient(String patientId, Optional<LocalDate> birthDate, Optional<Death> death,
        List<Assessment> assessments, List<Visit> visits, List<Diagnosis> diagnoses, List<CareEvidence> care) {

    /** Validates, and sorts the assessments by time (a stable sort: several at one time keep their order). */
    public MeasurePatient {
        Objects.requireNonNull(patientId, "patientId");
        String id = Administration.normalizeId(patientId);
        if (!Administration.isValidId(id)) {
            throw new ValidationException("measure patient", "patientId", SafeText.show(patientId),
                    "a non-blank id of at most 128 characters without control characters");
        }
        patientId = id;
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(death, "death");
        assessments = assessments.stream().sorted(Comparator.comparing(Assessment::at)).toList();
        visits = List.copyOf(visits);
        diagnoses = List.copyOf(diagnoses);
        care = List.copyOf(care);
    }

    /**
     * A patient's death.
     *
     * @param day the day of death
     * @param timed whether it was recorded with a time of day. The published CMS159 logic compares the death with the
     *     last day of the assessment window: a death with a time on that day cannot be decided, and does not
     *     exclude; a death recorded as a day does
     */
    public record Death(LocalDate day, boolean timed) {
        /** Validates. */
        public Death {
            Objects.requireNonNull(day, "day");
        }

        /**
         * @param day the day of death, recorded as a day
         * @return the death
         */
        public static Death on(LocalDate day) {
            return new Death(day, false);
        }
    }

    /** The screening tools the measures accept ("PHQ 9 and PHQ 9M Tools"). */
    public enum Tool {
        /** PHQ-9 total score (LOINC 44261-6) */
        PHQ9,
        /** PHQ-9 modified for teens, total score (LOINC 89204-2) */
        PHQ9M
    }

    /**
     * A PHQ-9 or PHQ-9M total score. The score is taken as recorded: the published measure logic does not check its
     * range, and neither does the measure (a score outside 0..27 is reported as a data issue beside the result).
     *
     * @param id the record it came from (an Observation id, a CSV line)
     * @param at when it was answered (the measures compare days; the time orders several on one day)
     * @param score the total score
     * @param tool the tool
     */
    public record Assessment(String id, LocalDateTime at, double score, Tool tool) {
        /** Validates. */
        public Assessment {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(tool, "tool");
            if (!Double.isFinite(score)) {
                throw new ValidationException("assessment " + SafeText.show(id), "score", String.valueOf(score),
                        "a finite number");
            }
        }

        /** @return the day it was answered */
        public LocalDate date() {
            return at.toLocalDate();
        }
    }

    /**
     * A finished contact or office visit ("Contact or Office Visit").
     *
     * @param id the record it came from
     * @param start the first day
     * @param end the last day (not before start)
     * @param timed whether it was recorded with times of day (encounters usually are) or as bare days: the published
     *     logic compares a bare day with an instant as undecided on their common day (see
     *     {@link EpisodeMeasure.Comparisons})
     */
    public record Visit(String id, LocalDate start, LocalDate end, boolean timed) {
        /** Validates. */
        public Visit {
            Objects.requireNonNull(id, "id");
            checkOrder("visit " + SafeText.show(id), start, end);
        }

        /**
         * A visit recorded as bare days.
         *
         * @param id the record it came from
         * @param start the first day
         * @param end the last day
         */
        public Visit(String id, LocalDate start, LocalDate end) {
            this(id, start, end, false);
        }
    }

    /** The kinds of diagnosis the measures read. */
    public enum DiagnosisKind {
        /** major depression (including in remission) or dysthymia: what makes a visit a depression visit */
        DEPRESSION,
        /** bipolar disorder: a denominator exclusion */
        BIPOLAR,
        /** personality disorder, emotionally labile: a denominator exclusion */
        PERSONALITY_DISORDER,
        /** schizophrenia or a psychotic disorder: a denominator exclusion */
        PSYCHOTIC_DISORDER,
        /** a pervasive developmental disorder: a denominator exclusion */
        PERVASIVE_DEVELOPMENTAL_DISORDER
    }

    /**
     * A confirmed, active diagnosis and the days it was prevalent.
     *
     * @param id the record it came from
     * @param kind the kind
     * @param onset the first day
     * @param abatement the last day, or empty while it lasts
     * @param timed whether its onset (and abatement) was recorded with a time of day or as a bare day (a
     *     {@code Condition.onsetDateTime} is often a date alone): see {@link EpisodeMeasure.Comparisons}
     */
    public record Diagnosis(String id, DiagnosisKind kind, LocalDate onset, Optional<LocalDate> abatement,
            boolean timed) {
        /** Validates. */
        public Diagnosis {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(abatement, "abatement");
            checkOrder("diagnosis " + SafeText.show(id), onset, abatement.orElse(onset));
        }

        /**
         * A diagnosis recorded as bare days.
         *
         * @param id the record it came from
         * @param kind the kind
         * @param onset the first day
         * @param abatement the last day, or empty while it lasts
         */
        public Diagnosis(String id, DiagnosisKind kind, LocalDate onset, Optional<LocalDate> abatement) {
            this(id, kind, onset, abatement, false);
        }
    }

    /** Hospice or palliative care. */
    public enum CareKind {
        /** hospice care (a hospice encounter, order, procedure, diagnosis, assessment or discharge) */
        HOSPICE,
        /** palliative care (an encounter, intervention, diagnosis or FACIT-Pal assessment) */
        PALLIATIVE
    }

    /**
     * Evidence of hospice or palliative care and the days it covers.
     *
     * @param id the record it came from
     * @param kind the kind
     * @param start the first day
     * @param end the last day (not before start)
     * @param timed whether it was recorded with times of day (most encounters and procedures are) or as bare days.
     *     The published CMS159 logic compares palliative care, without "day of", with an interval from the
     *     identification period's first instant to the assessment window's last day: a start with a time on that last
     *     day, or an end recorded as a bare day on the period's first day, cannot be decided, and does not exclude.
     *     Hospice care is compared by days
     */
    public record CareEvidence(String id, CareKind kind, LocalDate start, LocalDate end, boolean timed) {
        /** Validates. */
        public CareEvidence {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            checkOrder(kind.name().toLowerCase(java.util.Locale.ROOT) + " evidence " + SafeText.show(id), start, end);
        }

        /**
         * Evidence recorded as days, without a time.
         *
         * @param id the record it came from
         * @param kind the kind
         * @param start the first day
         * @param end the last day
         */
        public CareEvidence(String id, CareKind kind, LocalDate start, LocalDate end) {
            this(id, kind, start, end, false);
        }
    }

    private static void checkOrder(String subject, LocalDate start, LocalDate end) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new ValidationException(subject, "end", end.toString(), "a day on or after the start (" + start + ")");
        }
    }
}
