package org.openrom.measures;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.openrom.core.SafeText;
import org.openrom.core.UnknownIdException;
import org.openrom.core.ValidationException;
import org.openrom.measures.MeasurePatient.Assessment;
import org.openrom.measures.MeasurePatient.CareEvidence;
import org.openrom.measures.MeasurePatient.CareKind;
import org.openrom.measures.MeasurePatient.Diagnosis;
import org.openrom.measures.MeasurePatient.DiagnosisKind;
import org.openrom.measures.MeasurePatient.Visit;

/**
 * An episode measure of depression care, the shape CMS159 ("Depression Remission at Twelve Months") and its
 * relatives share. With the measurement period MP:
 * <ol>
 * <li><b>identification period</b> {@code [MP.start + identificationStart, MP.start + identificationEnd)} (months;
 * CMS159: 14 and 2 months before the period starts);</li>
 * <li><b>depression visit</b>: a finished visit that ends in the identification period and overlaps a confirmed,
 * active diagnosis of major depression or dysthymia;</li>
 * <li><b>index assessment</b>: the first PHQ-9 or PHQ-9M (of all the patient's) scored above {@code indexAbove} (9) on
 * a day from {@code visitLookbackDays} (7) before a depression visit starts to the day it ends;</li>
 * <li><b>initial population = denominator</b>: an index assessment, and at least {@code minimumAge} (12) whole years
 * old on its day;</li>
 * <li><b>assessment window</b>: the index day plus {@code windowMonths} (12), ± {@code toleranceDays} (60), inclusive;
 * </li>
 * <li><b>denominator exclusions</b>: hospice or palliative care overlapping the days from the start of the
 * identification period to the end of the window (palliative care is compared without "day of", see
 * {@link Comparisons}),
 * death on or before the window ends, or a bipolar, emotionally labile personality, psychotic or pervasive
 * developmental disorder with onset on or before it ends;</li>
 * <li><b>numerator</b>: the last assessment in the window (by time) shows the outcome: <i>remission</i>, a score below
 * {@code remissionBelow} (5), or <i>response</i>, a score at most {@code 1 − responseFraction} (half) of the index
 * score.</li>
 * </ol>
 * The rate is numerator / (denominator − exclusions), reported with strata by age at the index assessment (12–17 and
 * 18 and over). Values on the same day recorded with and without a time compare as the published logic compares
 * them ({@link Comparisons}). Each built-in names its source; {@link #builder} makes a variant with other parameters.
 * Immutable and thread-safe.
 */
public final class EpisodeMeasure {
    /**
     * How a value recorded as a bare day compares with one recorded with a time on the same day. The published CQL
     * compares date-times at their precision: a bare day and an instant on that day are neither before nor after each
     * other, the comparison is null, and the fact does not count (a visit ending as a bare day on the identification
     * period's first or last day is no depression visit; a death with a time on the window's last day does not
     * exclude). Whole days are what a reader of the measure's prose would expect.
     */
    public enum Comparisons {
        /** as the published logic evaluates them: undecided same-day comparisons count as false (the default) */
        PUBLISHED,
        /** every value as its whole day: same-day comparisons hold */
        DAYS
    }

    /** The outcome a measure counts. */
    public enum Outcome {
        /** a score below the remission threshold */
        REMISSION,
        /** a score reduced by at least the response fraction of the index score */
        RESPONSE
    }

    /**
     * CMS159, Depression Remission at Twelve Months (eCQM, FHIR version DepressionRemissionatTwelveMonthsFHIR 0.2.000,
     * CMS 2024 reporting cycle; NQF/CBE 0710).
     */
    public static final EpisodeMeasure CMS159 = builder("cms159").title("Depression Remission at Twelve Months")
            .source("CMS159 (eCQM), FHIR library DepressionRemissionatTwelveMonthsFHIR 0.2.000 (Centers for Medicare & "
                    + "Medicaid Services, 2024); NQF/CBE 0710")
            .build();

    /**
     * DEP-REM-6, Depression Remission at Six Months (SAMHSA CCBHC quality measures, 2024; NQF/CBE 0711): CMS159's logic
     * at six months, its identification period moved by the same six months.
     */
    public static final EpisodeMeasure DEP_REM_6 = builder("dep-rem-6").title("Depression Remission at Six Months")
            .source("DEP-REM-6, CCBHC Quality Measures Technical Specifications (SAMHSA, 2024); NQF/CBE 0711")
            .windowMonths(6).identificationMonths(-8, 4).build();

    /** Depression response at twelve months: CMS159's episode, the PHQ-9 halved (NQF/CBE 1885). */
    public static final EpisodeMeasure RESPONSE_12 = builder("response-12").title("Depression Response at Twelve Months")
            .source("Depression Response at Twelve Months, NQF/CBE 1885 (MN Community Measurement, 2019): CMS159's "
                    + "episode with a response outcome").outcome(Outcome.RESPONSE).build();

    /** Depression response at six months: DEP-REM-6's episode, the PHQ-9 halved (NQF/CBE 1884). */
    public static final EpisodeMeasure RESPONSE_6 = builder("response-6").title("Depression Response at Six Months")
            .source("Depression Response at Six Months, NQF/CBE 1884 (MN Community Measurement, 2019): DEP-REM-6's "
                    + "episode with a response outcome").outcome(Outcome.RESPONSE).windowMonths(6)
            .identificationMonths(-8, 4).build();

    private static final Map<String, EpisodeMeasure> BUILT_IN = Map.of(CMS159.id, CMS159, DEP_REM_6.id, DEP_REM_6,
            RESPONSE_12.id, RESPONSE_12, RESPONSE_6.id, RESPONSE_6);

    private final String id;
    private final String title;
    private final String source;
    private final Outcome outcome;
    private final double indexAbove;
    private final double remissionBelow;
    private final double responseFraction;
    private final int windowMonths;
    private final int toleranceDays;
    private final int identificationStart;
    private final int identificationEnd;
    private final int visitLookbackDays;
    private final int minimumAge;
    private final int adultAge;
    private final Comparisons comparisons;

    private EpisodeMeasure(Builder b) {
        this.id = b.id;
        this.title = b.title;
        this.source = b.source;
        this.outcome = b.outcome;
        this.indexAbove = b.indexAbove;
        this.remissionBelow = b.remissionBelow;
        this.responseFraction = b.responseFraction;
        this.windowMonths = b.windowMonths;
        this.toleranceDays = b.toleranceDays;
        this.identificationStart = b.identificationStart;
        this.identificationEnd = b.identificationEnd;
        this.visitLookbackDays = b.visitLookbackDays;
        this.minimumAge = b.minimumAge;
        this.adultAge = b.adultAge;
        this.comparisons = b.comparisons;
    }

    /**
     * @param id a built-in measure's id: {@code cms159}, {@code dep-rem-6}, {@code response-12}, {@code response-6}
     * @return the measure
     * @throws UnknownIdException when there is no such measure, listing those there are
     */
    public static EpisodeMeasure builtIn(String id) {
        Objects.requireNonNull(id, "id");
        EpisodeMeasure m = BUILT_IN.get(id.toLowerCase(Locale.ROOT));
        if (m == null) {
            throw new UnknownIdException("measure", id, builtIns().stream().map(EpisodeMeasure::id).toList());
        }
        return m;
    }

    /** @return the built-in measures, by id */
    public static List<EpisodeMeasure> builtIns() {
        return BUILT_IN.values().stream().sorted(java.util.Comparator.comparing(EpisodeMeasure::id)).toList();
    }

    /** @return the measure's id ({@code cms159}) */
    public String id() {
        return id;
    }

    /** @return the measure's title */
    public String title() {
        return title;
    }

    /** @return the publication and version the measure follows */
    public String source() {
        return source;
    }

    /** @return the outcome counted */
    public Outcome outcome() {
        return outcome;
    }

    /** @return how same-day values of different precision compare */
    public Comparisons comparisons() {
        return comparisons;
    }

    /**
     * @param c how same-day values of different precision compare
     * @return this measure when it compares so already, else the same measure (same id, title and source) comparing so
     */
    public EpisodeMeasure with(Comparisons c) {
        Objects.requireNonNull(c, "c");
        if (c == comparisons) {
            return this;
        }
        return new EpisodeMeasure(toBuilder().comparisons(c));
    }

    private Builder toBuilder() {
        Builder b = new Builder(id).title(title).source(source).outcome(outcome).indexAbove(indexAbove)
                .remissionBelow(remissionBelow).windowMonths(windowMonths).toleranceDays(toleranceDays)
                .identificationMonths(identificationStart, identificationEnd).visitLookbackDays(visitLookbackDays)
                .ages(minimumAge, adultAge).comparisons(comparisons);
        b.responseFraction = responseFraction;
        return b;
    }

    /** @return the length of the episode, in months */
    public int windowMonths() {
        return windowMonths;
    }

    /** @return the first day of the identification period of {@code mp} */
    public LocalDate identificationStart(MeasurementPeriod mp) {
        return mp.start().plusMonths(identificationStart);
    }

    /** @return the day after the last day of the identification period of {@code mp} */
    public LocalDate identificationEnd(MeasurementPeriod mp) {
        return mp.start().plusMonths(identificationEnd);
    }

    /**
     * Evaluates one patient.
     *
     * @param p the patient's facts
     * @param mp the measurement period
     * @return the result, with its evidence and reason
     */
    public MeasureResult evaluate(MeasurePatient p, MeasurementPeriod mp) {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(mp, "mp");
        Episode e = new Episode(p, mp);
        return e.result();
    }

    /** One evaluation: the patient, the period, and what was found so far. */
    private final class Episode {
        private final MeasurePatient p;
        private final LocalDate idStart;
        private final LocalDate idEnd;
        private final List<String> evidence = new ArrayList<>();
        private final List<String> issues = new ArrayList<>();
        /** The depression diagnosis that made the last visit found a depression visit. */
        private Diagnosis visitDiagnosis;

        Episode(MeasurePatient p, MeasurementPeriod mp) {
            this.p = p;
            this.idStart = identificationStart(mp);
            this.idEnd = identificationEnd(mp);
            for (Assessment a : p.assessments()) {
                if (a.score() < 0 || a.score() > 27) {
                    issues.add("assessment " + SafeText.show(a.id()) + ": score " + num(a.score()) + " outside 0..27, "
                            + "used as recorded (the published logic does not check it)");
                }
            }
        }

        MeasureResult result() {
            Optional<Assessment> index = Optional.empty();
            Visit visit = null;
            for (Assessment a : p.assessments()) {
                if (a.score() > indexAbove) {
                    visit = depressionVisitAround(a.date());
                    if (visit != null) {
                        index = Optional.of(a);
                        break;
                    }
                }
            }
            if (index.isEmpty()) {
                return outside(Optional.empty(), OptionalInt.empty(), "no PHQ-9 above " + num(indexAbove) + " from "
                        + visitLookbackDays + " days before to the end of a depression visit ending " + idStart + ".."
                        + idEnd.minusDays(1));
            }
            Assessment ix = index.get();
            evidence.add(ix.id());
            evidence.add(visit.id());
            evidence.add(visitDiagnosis.id());
            if (p.birthDate().isEmpty()) {
                return outside(index, OptionalInt.empty(), "no birth date: the age at the index assessment is unknown");
            }
            int age = Period.between(p.birthDate().get(), ix.date()).getYears();
            if (age < minimumAge) {
                return outside(index, OptionalInt.of(age), "aged " + age + " at the index assessment (" + ix.date()
                        + "), under " + minimumAge);
            }
            LocalDate anchor = ix.date().plusMonths(windowMonths);
            LocalDate from = anchor.minusDays(toleranceDays);
            LocalDate to = anchor.plusDays(toleranceDays);
            String stratum = age < adultAge ? minimumAge + "-" + (adultAge - 1) : adultAge + "+";
            Assessment closing = null;
            for (Assessment a : p.assessments()) {
                if (!a.date().isBefore(from) && !a.date().isAfter(to)) {
                    closing = a;
                }
            }
            List<String> exclusions = exclusions(to);
            String indexText = "index " + num(ix.score()) + " on " + ix.date();
            if (!exclusions.isEmpty()) {
                return new MeasureResult(p.patientId(), true, true, true, false, index, Optional.ofNullable(closing),
                        OptionalInt.of(age), Optional.of(stratum), exclusions, evidence, issues, "excluded ("
                        + String.join(", ", exclusions) + ") between " + idStart + " and " + to + "; " + indexText);
            }
            if (closing == null) {
                return new MeasureResult(p.patientId(), true, true, false, false, index, Optional.empty(),
                        OptionalInt.of(age), Optional.of(stratum), List.of(), evidence, issues, "not in the numerator: "
                        + "no PHQ-9 in the window " + from + ".." + to + "; " + indexText);
            }
            evidence.add(closing.id());
            boolean reached = outcome == Outcome.REMISSION ? closing.score() < remissionBelow
                    : closing.score() <= ix.score() * (1 - responseFraction);
            String what = outcome == Outcome.REMISSION ? "remission (below " + num(remissionBelow) + ")"
                    : "response (at most " + num(ix.score() * (1 - responseFraction)) + ")";
            return new MeasureResult(p.patientId(), true, true, false, reached, index, Optional.of(closing),
                    OptionalInt.of(age), Optional.of(stratum), List.of(), evidence, issues, (reached ? "numerator: "
                    : "not in the numerator: no ") + what + ", last PHQ-9 in the window " + from + ".." + to + " "
                    + num(closing.score()) + " on " + closing.date() + "; " + indexText);
        }

        private MeasureResult outside(Optional<Assessment> index, OptionalInt age, String why) {
            return new MeasureResult(p.patientId(), false, false, false, false, index, Optional.empty(), age,
                    Optional.empty(), List.of(), evidence, issues, "not in the initial population: " + why);
        }

        /** @return a depression visit whose index days hold {@code day}, or null */
        private Visit depressionVisitAround(LocalDate day) {
            for (Visit v : p.visits()) {
                // "ends during" [first instant, last instant] of the identification period; "during day of" the index days
                if (atOrBefore(idStart, true, v.end(), v.timed()) && atOrBefore(v.end(), v.timed(), idEnd.minusDays(1), true)
                        && !day.isBefore(v.start().minusDays(visitLookbackDays)) && !day.isAfter(v.end())) {
                    for (Diagnosis d : p.diagnoses()) {
                        // the visit "overlaps" the diagnosis's prevalence
                        if (d.kind() == DiagnosisKind.DEPRESSION && atOrBefore(d.onset(), d.timed(), v.end(), v.timed())
                                && (d.abatement().isEmpty() || atOrBefore(v.start(), v.timed(), d.abatement().get(),
                                d.timed()))) {
                            visitDiagnosis = d;
                            return v;
                        }
                    }
                }
            }
            return null;
        }

        /**
         * {@code a <= b}, each a day recorded with or without a time. Under {@link Comparisons#PUBLISHED} a time and a
         * bare day on the same day cannot be ordered (CQL's precision rules give null), which counts as false; two
         * values of one precision on one day are in order. Under {@link Comparisons#DAYS} every value is its day.
         */
        private boolean atOrBefore(LocalDate a, boolean aTimed, LocalDate b, boolean bTimed) {
            int c = a.compareTo(b);
            return c < 0 || c == 0 && (comparisons == Comparisons.DAYS || aTimed == bTimed);
        }

        private List<String> exclusions(LocalDate to) {
            List<String> out = new ArrayList<>();
            for (CareKind k : CareKind.values()) {
                for (CareEvidence c : p.care()) {
                    // hospice: "overlaps day of", by days. Palliative: "overlaps" an interval from an instant (the
                    // identification period's first) to a bare day (the window's last)
                    boolean palliative = k == CareKind.PALLIATIVE;
                    boolean startsInTime = palliative ? atOrBefore(c.start(), c.timed(), to, false) : !c.start().isAfter(to);
                    boolean endsInTime = palliative ? atOrBefore(idStart, true, c.end(), c.timed())
                            : !c.end().isBefore(idStart);
                    if (c.kind() == k && startsInTime && endsInTime) {
                        evidence.add(c.id());
                        out.add(k == CareKind.HOSPICE ? "hospice" : "palliative-care");
                        break;
                    }
                }
            }
            // "occurs on or before" the window's last day, a bare day
            if (p.death().isPresent() && atOrBefore(p.death().get().day(), p.death().get().timed(), to, false)) {
                out.add("died");
            }
            for (Diagnosis d : p.diagnoses()) {
                if (d.kind() != DiagnosisKind.DEPRESSION && !d.onset().isAfter(to)) {
                    evidence.add(d.id());
                    out.add("mental-health-disorder");
                    break;
                }
            }
            return out;
        }
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public String toString() {
        return "EpisodeMeasure[" + id + "]";
    }

    /**
     * @param id the new measure's id (lower-case letters, digits and '-')
     * @return a builder with CMS159's parameters
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds a measure; every parameter starts at CMS159's value. */
    public static final class Builder {
        private final String id;
        private String title;
        private String source = "custom";
        private Outcome outcome = Outcome.REMISSION;
        private double indexAbove = 9;
        private double remissionBelow = 5;
        private double responseFraction = 0.5;
        private int windowMonths = 12;
        private int toleranceDays = 60;
        private int identificationStart = -14;
        private int identificationEnd = -2;
        private int visitLookbackDays = 7;
        private int minimumAge = 12;
        private int adultAge = 18;
        private Comparisons comparisons = Comparisons.PUBLISHED;

        private Builder(String id) {
            Objects.requireNonNull(id, "id");
            if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new ValidationException("measure", "id", SafeText.show(id), "lower-case letters, digits and '-'");
            }
            this.id = id;
            this.title = id;
        }

        /** @param t the title @return this */
        public Builder title(String t) {
            this.title = Objects.requireNonNull(t, "title");
            return this;
        }

        /** @param s the publication and version followed @return this */
        public Builder source(String s) {
            this.source = Objects.requireNonNull(s, "source");
            return this;
        }

        /** @param o the outcome counted @return this */
        public Builder outcome(Outcome o) {
            this.outcome = Objects.requireNonNull(o, "outcome");
            return this;
        }

        /** @param above an index assessment scores above this (CMS159: 9) @return this */
        public Builder indexAbove(double above) {
            this.indexAbove = finite("indexAbove", above);
            return this;
        }

        /** @param below remission is a score below this (CMS159: 5) @return this */
        public Builder remissionBelow(double below) {
            this.remissionBelow = finite("remissionBelow", below);
            return this;
        }

        /** @param f response is a reduction by at least this fraction of the index score, in (0, 1] @return this */
        public Builder responseFraction(double f) {
            if (!(f > 0 && f <= 1)) {
                throw new ValidationException("measure " + id, "responseFraction", String.valueOf(f), "a fraction in (0, 1]");
            }
            this.responseFraction = f;
            return this;
        }

        /** @param months the episode's length, 1 to 60 months @return this */
        public Builder windowMonths(int months) {
            this.windowMonths = range("windowMonths", months, 1, 60);
            return this;
        }

        /** @param days the window's tolerance either side, 0 to 180 days @return this */
        public Builder toleranceDays(int days) {
            this.toleranceDays = range("toleranceDays", days, 0, 180);
            return this;
        }

        /**
         * @param start the identification period's first day, in months from the measurement period's start
         * @param end its end (exclusive), in months from the same day, after {@code start}
         * @return this
         */
        public Builder identificationMonths(int start, int end) {
            range("identificationStart", start, -120, 120);
            range("identificationEnd", end, start + 1, 120);
            this.identificationStart = start;
            this.identificationEnd = end;
            return this;
        }

        /** @param days an index assessment may come this many days before a depression visit starts, 0 to 60 @return this */
        public Builder visitLookbackDays(int days) {
            this.visitLookbackDays = range("visitLookbackDays", days, 0, 60);
            return this;
        }

        /**
         * @param minimum the youngest age in whole years at the index assessment (CMS159: 12)
         * @param adult the age from which the adult stratum counts (18), above {@code minimum}
         * @return this
         */
        public Builder ages(int minimum, int adult) {
            range("minimumAge", minimum, 0, 120);
            range("adultAge", adult, minimum + 1, 121);
            this.minimumAge = minimum;
            this.adultAge = adult;
            return this;
        }

        /** @param c how same-day values of different precision compare (default: as published) @return this */
        public Builder comparisons(Comparisons c) {
            this.comparisons = Objects.requireNonNull(c, "comparisons");
            return this;
        }

        /** @return the measure */
        public EpisodeMeasure build() {
            return new EpisodeMeasure(this);
        }

        private double finite(String field, double v) {
            if (!Double.isFinite(v)) {
                throw new ValidationException("measure " + id, field, String.valueOf(v), "a finite number");
            }
            return v;
        }

        private int range(String field, int v, int min, int max) {
            if (v < min || v > max) {
                throw new ValidationException("measure " + id, field, String.valueOf(v), "an integer in " + min + ".." + max);
            }
            return v;
        }
    }
}
