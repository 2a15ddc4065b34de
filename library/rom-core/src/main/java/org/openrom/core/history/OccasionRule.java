package org.openrom.core.history;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How a record's session (occasion) is decided when the record does not state one: a policy of the deployment, since
 * cohort files number their sessions, EHRs date their forms, and schedules live in encounters. Every rule lets a
 * stated session win. One implementation of each, used by every door through {@link HistoryAssembler}.
 */
@FunctionalInterface
public interface OccasionRule {
    /**
     * @param patientId the patient
     * @param whens the times of all of this patient's rows, in arrival order
     * @return the session of each row, in the same order; empty where none can be given
     */
    List<OptionalInt> assign(String patientId, List<HistoryRow.When> whens);

    /** @return only the stated session counts; a row without one has none ({@link DataIssue.Code#NO_OCCASION}) */
    static OccasionRule stated() {
        return named("stated", (p, whens) -> whens.stream().map(HistoryRow.When::occasion).toList());
    }

    /**
     * Sessions numbered by date: a row without a stated session gets the rank (from 0) of its day among the distinct
     * days of this patient's rows that state none. Two forms answered on one day are one session. A row with neither
     * a session nor a date has none.
     *
     * @return the rule
     */
    static OccasionRule rankOfDate() {
        return named("rank-of-date", (p, whens) -> {
            TreeSet<LocalDate> days = new TreeSet<>();
            for (HistoryRow.When w : whens) {
                if (w.occasion().isEmpty()) {
                    w.date().ifPresent(days::add);
                }
            }
            List<LocalDate> rank = List.copyOf(days);
            return whens.stream().map(w -> w.occasion().isPresent() ? w.occasion()
                    : w.date().map(d -> OptionalInt.of(rank.indexOf(d))).orElse(OptionalInt.empty())).toList();
        });
    }

    /**
     * Weekly sessions: a row without a stated session gets the whole weeks from the patient's start of treatment to
     * its day (the start week is 0). None before the start, without a day, or for a patient whose start is unknown.
     *
     * @param startOf each patient's start of treatment, or empty when unknown
     * @return the rule
     */
    static OccasionRule weeksSince(Function<String, Optional<LocalDate>> startOf) {
        Objects.requireNonNull(startOf, "startOf");
        return named("weeks-since-start", (p, whens) -> {
            Optional<LocalDate> start = startOf.apply(p);
            return whens.stream().map(w -> {
                if (w.occasion().isPresent()) {
                    return w.occasion();
                }
                if (start == null || start.isEmpty() || w.date().isEmpty()) {
                    return OptionalInt.empty();
                }
                long days = ChronoUnit.DAYS.between(start.get(), w.date().get());
                return days < 0 || days / 7 > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) (days / 7));
            }).toList();
        });
    }

    /**
     * The session of the row's encounter, as the EHR's schedule knows it.
     *
     * @param sessionOf the session number of an encounter reference, or empty
     * @return the rule
     */
    static OccasionRule byEncounter(Function<String, OptionalInt> sessionOf) {
        Objects.requireNonNull(sessionOf, "sessionOf");
        return named("encounter", (p, whens) -> whens.stream().map(w -> {
            if (w.occasion().isPresent()) {
                return w.occasion();
            }
            OptionalInt s = w.encounter().map(sessionOf).orElse(OptionalInt.empty());
            return s == null || (s.isPresent() && s.getAsInt() < 0) ? OptionalInt.empty() : s;
        }).toList());
    }

    private static OccasionRule named(String name, OccasionRule rule) {
        return new OccasionRule() {
            @Override
            public List<OptionalInt> assign(String patientId, List<HistoryRow.When> whens) {
                return rule.assign(patientId, whens);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
