package org.openrom.core.history;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.openrom.core.internal.Checks;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Administration;

/**
 * One record as an edge parsed it, before it is part of a history: what every door (cohort files, FHIR resources, a
 * CDS prefetch, Spark rows) hands {@link HistoryAssembler}. The edge parses its format; the assembler alone decides
 * sessions, duplicates and precedence, so that the same rows make the same history through every door.
 */
public sealed interface HistoryRow permits HistoryRow.Response, HistoryRow.StoredScore, HistoryRow.Unusable {
    /** @return where the row came from (opaque: a file and line, a resource reference) */
    String source();

    /** @return the patient (an OpenROM id) */
    String patientId();

    /** @return when it was answered, as far as the record says */
    When when();

    /**
     * When a record was answered, as far as it says: the session it states, its date, the instant it was recorded
     * (which of two copies is the later), and the encounter it belongs to. The {@link OccasionRule} turns this into
     * the session.
     *
     * @param occasion the session the record states itself, if any (an occasion column, OpenROM's FHIR extension)
     * @param date the day it was answered, if known
     * @param recorded the instant it was recorded or last amended, if known (orders duplicates)
     * @param encounter the encounter it belongs to (an opaque reference), if any
     */
    record When(OptionalInt occasion, Optional<LocalDate> date, Optional<Instant> recorded, Optional<String> encounter) {
        /** Validates. */
        public When {
            Objects.requireNonNull(occasion, "occasion");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(recorded, "recorded");
            Objects.requireNonNull(encounter, "encounter");
            if (occasion.isPresent() && occasion.getAsInt() < 0) {
                throw new org.openrom.core.ValidationException("row", "occasion", String.valueOf(occasion.getAsInt()),
                        "an integer >= 0");
            }
        }

        /**
         * @param occasion the stated session
         * @return a time with only the session
         */
        public static When at(int occasion) {
            return new When(OptionalInt.of(occasion), Optional.empty(), Optional.empty(), Optional.empty());
        }

        /**
         * @param date the day
         * @return a time with only the day (the session is derived)
         */
        public static When on(LocalDate date) {
            return new When(OptionalInt.empty(), Optional.of(date), Optional.empty(), Optional.empty());
        }

        /** @return this time with the instant it was recorded */
        public When recorded(Instant instant) {
            return new When(occasion, date, Optional.of(instant), encounter);
        }
    }

    /**
     * A questionnaire answered: the administration is scored and its critical items checked.
     *
     * @param source where it came from
     * @param administration the answers; its {@code occasion} field is replaced by the session the
     *     {@link OccasionRule} gives ({@code when.occasion()} when stated), so an edge that knows none passes 0
     * @param when when it was answered
     */
    record Response(String source, Administration administration, When when) implements HistoryRow {
        /** Validates. */
        public Response {
            Checks.nonBlank("row", "source", source);
            Objects.requireNonNull(administration, "administration");
            Objects.requireNonNull(when, "when");
        }

        @Override
        public String patientId() {
            return administration.patientId();
        }
    }

    /**
     * A score stored elsewhere (a registry's total, a FHIR score Observation) without the answers behind it.
     *
     * @param source where it came from
     * @param patientId the patient
     * @param scale the qualified scale id
     * @param value the score
     * @param when when it was answered
     */
    record StoredScore(String source, String patientId, String scale, double value, When when) implements HistoryRow {
        /** Validates. */
        public StoredScore {
            Checks.nonBlank("row", "source", source);
            patientId = Checks.normalizeOpaqueId(Objects.requireNonNull(patientId, "patientId"));
            String problem = Checks.opaqueIdProblem(patientId);
            if (problem != null) {
                throw new org.openrom.core.ValidationException("row", "patientId", patientId, problem);
            }
            Checks.nonBlank("row", "scale", scale);
            if (!Double.isFinite(value)) {
                throw new org.openrom.core.ValidationException("row", "value", String.valueOf(value), "a finite score");
            }
            Objects.requireNonNull(when, "when");
        }
    }

    /**
     * A record the edge could not turn into a response or a score, with what it could still read of it: the issue,
     * and the safety alerts its critical items raised anyway (a record never hides a critical answer by being
     * unreadable). The assembler dates those alerts with the session its rule gives the record.
     *
     * @param source where it came from
     * @param patientId the patient
     * @param when when it was answered, as far as could be read
     * @param code what is wrong with it
     * @param field where in the record, if known
     * @param alerts the alerts its critical items raised (their occasion is replaced by the derived session)
     */
    record Unusable(String source, String patientId, When when, DataIssue.Code code, Optional<String> field,
            List<SafetyAlert> alerts) implements HistoryRow {
        /** Validates and copies. */
        public Unusable {
            Checks.nonBlank("row", "source", source);
            Checks.nonBlank("row", "patientId", patientId);
            Objects.requireNonNull(when, "when");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(field, "field");
            alerts = List.copyOf(Objects.requireNonNull(alerts, "alerts"));
        }
    }
}
