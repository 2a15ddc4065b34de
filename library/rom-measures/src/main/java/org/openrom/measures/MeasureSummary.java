package org.openrom.measures;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.openrom.rules.research.RuleComparison;

/**
 * The populations of a measure over a cohort: counts, the performance rate numerator / (denominator − exclusions)
 * with its Wilson 95% interval, the same per age stratum, and how many data issues were met. Built by adding each
 * patient's {@link MeasureResult} ({@link #add}); not thread-safe while it is built, use one per thread and
 * {@link #merge} them.
 */
public final class MeasureSummary {
    private final EpisodeMeasure measure;
    private final MeasurementPeriod period;
    private final Counts all = new Counts();
    private final Map<String, Counts> strata = new TreeMap<>();
    private long issues;

    /**
     * @param measure the measure
     * @param period the measurement period
     */
    public MeasureSummary(EpisodeMeasure measure, MeasurementPeriod period) {
        this.measure = Objects.requireNonNull(measure, "measure");
        this.period = Objects.requireNonNull(period, "period");
    }

    /**
     * Counts one patient.
     *
     * @param r the patient's result
     * @return this
     */
    public MeasureSummary add(MeasureResult r) {
        Objects.requireNonNull(r, "r");
        all.add(r);
        r.stratum().ifPresent(s -> strata.computeIfAbsent(s, k -> new Counts()).add(r));
        issues += r.issues().size();
        return this;
    }

    /**
     * Adds another summary of the same measure and period (built on another thread).
     *
     * @param other the other summary
     * @return this
     */
    public MeasureSummary merge(MeasureSummary other) {
        Objects.requireNonNull(other, "other");
        if (other.measure != measure || !other.period.equals(period)) {
            throw new IllegalArgumentException("other: got " + other.measure.id() + " over " + other.period
                    + ", expected " + measure.id() + " over " + period);
        }
        all.merge(other.all);
        other.strata.forEach((k, v) -> strata.computeIfAbsent(k, x -> new Counts()).merge(v));
        issues += other.issues;
        return this;
    }

    /** @return the measure */
    public EpisodeMeasure measure() {
        return measure;
    }

    /** @return the measurement period */
    public MeasurementPeriod period() {
        return period;
    }

    /** @return the counts of every patient */
    public Counts total() {
        return all.copy();
    }

    /** @return the counts per age stratum at the index assessment, by stratum name ({@code 12-17}, {@code 18+}) */
    public Map<String, Counts> strata() {
        Map<String, Counts> out = new TreeMap<>();
        strata.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    /** @return the data issues met, over every patient */
    public long issues() {
        return issues;
    }

    /**
     * @return the summary as Markdown: the measure and its source, the periods, the populations, the rate with its
     *     interval, and the strata
     */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## ").append(measure.id()).append(": ").append(measure.title()).append("\n\n");
        b.append("Source: ").append(measure.source()).append(".  \n");
        if (measure.comparisons() == EpisodeMeasure.Comparisons.DAYS) {
            b.append("Values recorded as bare days compared as whole days, not as the published logic compares them.  \n");
        }
        b.append("Measurement period ").append(period).append("; index visits ending ")
                .append(measure.identificationStart(period)).append("..")
                .append(measure.identificationEnd(period).minusDays(1)).append(".\n\n");
        b.append("| population | patients |\n|---|---:|\n");
        b.append("| initial population | ").append(all.initialPopulation).append(" |\n");
        b.append("| denominator | ").append(all.denominator).append(" |\n");
        b.append("| denominator exclusions | ").append(all.exclusions).append(" |\n");
        b.append("| numerator | ").append(all.numerator).append(" |\n\n");
        b.append("Performance rate: ").append(rateText(all)).append(" (numerator / (denominator − exclusions); Wilson "
                + "95% interval).\n\n");
        if (!strata.isEmpty()) {
            b.append("| age at index | denominator | exclusions | numerator | rate (95% CI) |\n|---|---:|---:|---:|---|\n");
            strata.forEach((k, c) -> b.append("| ").append(k).append(" | ").append(c.denominator).append(" | ")
                    .append(c.exclusions).append(" | ").append(c.numerator).append(" | ").append(rateText(c))
                    .append(" |\n"));
            b.append('\n');
        }
        b.append(all.patients).append(" patient").append(all.patients == 1 ? "" : "s").append(" evaluated");
        if (issues > 0) {
            b.append("; ").append(issues).append(" data issue").append(issues == 1 ? "" : "s")
                    .append(" (scores outside 0..27, used as the published logic uses them): see the per-patient results");
        }
        return b.append(".\n").toString();
    }

    /**
     * @return the summary as CSV rows without a header ({@link #CSV_HEADER}): one for every patient, one per stratum
     */
    public String csv() {
        StringBuilder b = new StringBuilder();
        csvRow(b, "all", all);
        strata.forEach((k, c) -> csvRow(b, k, c));
        return b.toString();
    }

    /** The header of {@link #csv()}. */
    public static final String CSV_HEADER = "measure,period_start,period_end,stratum,patients,initial_population,"
            + "denominator,denominator_exclusions,numerator,rate,rate_low,rate_high";

    private void csvRow(StringBuilder b, String stratum, Counts c) {
        Rate r = c.rate();
        b.append(measure.id()).append(',').append(period.start()).append(',').append(period.end()).append(',')
                .append(stratum).append(',').append(c.patients).append(',').append(c.initialPopulation).append(',')
                .append(c.denominator).append(',').append(c.exclusions).append(',').append(c.numerator).append(',')
                .append(Double.isNaN(r.estimate()) ? "" : r.estimate()).append(',')
                .append(Double.isNaN(r.low()) ? "" : r.low()).append(',').append(Double.isNaN(r.high()) ? "" : r.high())
                .append('\n');
    }

    private static String rateText(Counts c) {
        Rate r = c.rate();
        if (Double.isNaN(r.estimate())) {
            return "none (no patient remains in the denominator)";
        }
        return String.format(java.util.Locale.ROOT, "%.1f%% (%.1f–%.1f%%), %d of %d", 100 * r.estimate(), 100 * r.low(),
                100 * r.high(), c.numerator, c.denominator - c.exclusions);
    }

    /**
     * A performance rate and its Wilson score interval at 95% (z = 1.959964).
     *
     * @param estimate numerator / (denominator − exclusions), NaN when nobody remains in the denominator
     * @param low the interval's low end (NaN likewise)
     * @param high the interval's high end (NaN likewise)
     */
    public record Rate(double estimate, double low, double high) {
    }

    /** The populations of a group of patients. */
    public static final class Counts {
        private long patients;
        private long initialPopulation;
        private long denominator;
        private long exclusions;
        private long numerator;

        Counts() {
        }

        void add(MeasureResult r) {
            patients++;
            initialPopulation += r.initialPopulation() ? 1 : 0;
            denominator += r.denominator() ? 1 : 0;
            exclusions += r.denominatorExclusion() ? 1 : 0;
            numerator += r.numerator() ? 1 : 0;
        }

        void merge(Counts o) {
            patients += o.patients;
            initialPopulation += o.initialPopulation;
            denominator += o.denominator;
            exclusions += o.exclusions;
            numerator += o.numerator;
        }

        Counts copy() {
            Counts c = new Counts();
            c.merge(this);
            return c;
        }

        /** @return the patients evaluated */
        public long patients() {
            return patients;
        }

        /** @return patients in the initial population */
        public long initialPopulation() {
            return initialPopulation;
        }

        /** @return patients in the denominator */
        public long denominator() {
            return denominator;
        }

        /** @return denominator patients excluded */
        public long exclusions() {
            return exclusions;
        }

        /** @return patients in the numerator */
        public long numerator() {
            return numerator;
        }

        /**
         * @return numerator / (denominator − exclusions) with its Wilson 95% interval (Wilson, 1927); NaN when no patient
         *     remains in the denominator
         */
        public Rate rate() {
            RuleComparison.Interval i = RuleComparison.wilson(Math.toIntExact(numerator),
                    Math.toIntExact(denominator - exclusions));
            return new Rate(i.estimate(), i.low(), i.high());
        }
    }
}
