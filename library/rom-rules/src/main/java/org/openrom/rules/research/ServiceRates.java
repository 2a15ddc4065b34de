package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.ScoreSeries;
import org.openrom.rules.research.RuleComparison.Interval;

/**
 * Outcome rates a service can hold against the literature: response, recovery, reliable improvement, reliable
 * deterioration and drop-out, per therapy group, per therapist and for the whole service, each with a Wilson 95%
 * interval, and for the service also a cluster-bootstrap interval over groups (patients in one group share their
 * fate, so Wilson's interval is too narrow there). From each patient's first and last observation of one scale
 * ({@code d = +1} when higher is better, else −1; improvement = {@code d·(last − first)}):
 * <ul>
 * <li><b>response</b>: improvement ≥ 50% of the first score (lower-is-better scales only; the usual definition, as
 * in Cuijpers et al. 2021);</li>
 * <li><b>recovery</b>, among patients who are a case at the first observation (at or on the worse side of the
 * cut-off): the last score strictly on the healthy side of the cut-off and improvement ≥ the reliable change
 * (reliable recovery: Jacobson &amp; Truax 1991; NHS Talking Therapies);</li>
 * <li><b>reliable improvement</b> / <b>reliable deterioration</b>: improvement / worsening ≥ the reliable change;</li>
 * <li><b>drop-out</b>: the last observation before the planned end (one observation suffices).</li>
 * </ul>
 * A rate's denominator is the patients it is defined for (two observations; for recovery, cases at the start).
 * Published figures to compare with are in {@link #published}. Not thread-safe.
 */
public final class ServiceRates {
    /** The rates. */
    public enum Measure {
        /** At least 50% better. */
        RESPONSE("response"),
        /** A case at the start, reliably better and not a case at the end. */
        RECOVERY("recovery"),
        /** Reliably better. */
        RELIABLE_IMPROVEMENT("reliable improvement"),
        /** Reliably worse. */
        RELIABLE_DETERIORATION("reliable deterioration"),
        /** The last observation before the planned end. */
        DROP_OUT("drop-out");

        private final String label;

        Measure(String label) {
            this.label = label;
        }

        /** @return the label used in tables */
        public String label() {
            return label;
        }
    }

    /**
     * A rate.
     *
     * @param events patients with the event
     * @param n patients the rate is defined for
     * @param interval the estimate with its Wilson 95% interval (NaN when n is 0)
     */
    public record Rate(int events, int n, Interval interval) {
    }

    /**
     * One unit's rates.
     *
     * @param level {@code service}, {@code therapist} or {@code group}
     * @param id the unit's id ({@code all} for the service)
     * @param patients the unit's patients with at least one observation
     * @param rates by measure
     */
    public record Unit(String level, String id, int patients, Map<Measure, Rate> rates) {
        /** Copies. */
        public Unit {
            EnumMap<Measure, Rate> copy = new EnumMap<>(Measure.class);
            copy.putAll(Objects.requireNonNull(rates, "rates"));
            rates = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /**
     * A published figure to set beside a service's rate.
     *
     * @param measure the measure
     * @param text the figure as published, e.g. "about 41%"
     * @param source the publication
     */
    public record Published(Measure measure, String text, String source) {
    }

    /** @return the figures of psychotherapy for depression and of group CBT the rates can be held against */
    public static List<Published> published() {
        return List.of(new Published(Measure.RESPONSE, "about 41%", "Cuijpers et al. 2021, Acta Psychiatr Scand"),
                new Published(Measure.RECOVERY, "26–34%", "Cuijpers et al. 2021, Acta Psychiatr Scand"),
                new Published(Measure.RELIABLE_DETERIORATION, "just under 5%", "Cuijpers et al. 2021, Acta Psychiatr Scand"),
                new Published(Measure.DROP_OUT, "about 25% in group CBT", "Gryesten et al. 2024"));
    }

    private final Scale scale;
    private final double cutoff;
    private final double reliableChange;
    private final int plannedEnd;
    /** Per patient: group index, therapist index, and one event code per measure (-1 undefined, 0 no, 1 yes). */
    private final List<int[]> patients = new ArrayList<>();
    private final Map<String, Integer> groups = new LinkedHashMap<>();
    private final Map<String, Integer> therapists = new LinkedHashMap<>();

    /**
     * @param scale the outcome scale
     * @param cutoff the clinical cut-off (a score at it or worse is a case); NaN to leave recovery out
     * @param reliableChange the points of a reliable change (&gt; 0)
     * @param plannedEnd the occasion of the planned end, for drop-out (&ge; 1), or 0 to leave drop-out out
     */
    public ServiceRates(Scale scale, double cutoff, double reliableChange, int plannedEnd) {
        this.scale = Objects.requireNonNull(scale, "scale");
        if (!(reliableChange > 0) || !Double.isFinite(reliableChange)) {
            throw new ValidationException("service rates", "reliableChange", String.valueOf(reliableChange),
                    "a finite number of points > 0");
        }
        if (plannedEnd < 0) {
            throw new ValidationException("service rates", "plannedEnd", String.valueOf(plannedEnd),
                    "an occasion >= 1, or 0 for no drop-out rate");
        }
        if (Double.isInfinite(cutoff)) {
            throw new ValidationException("service rates", "cutoff", String.valueOf(cutoff), "a finite cut-off or NaN");
        }
        this.cutoff = cutoff;
        this.reliableChange = reliableChange;
        this.plannedEnd = plannedEnd;
    }

    /**
     * Adds a patient.
     *
     * @param series the patient's series on the scale
     * @param groupId the patient's therapy group, or null
     * @param therapistId the group's therapist, or null
     * @return whether the patient had an observation (else not counted)
     */
    public boolean add(ScoreSeries series, String groupId, String therapistId) {
        Objects.requireNonNull(series, "series");
        if (series.size() == 0) {
            return false;
        }
        int[] p = new int[2 + Measure.values().length];
        p[0] = groupId == null ? -1 : groups.computeIfAbsent(groupId, k -> groups.size());
        p[1] = therapistId == null ? -1 : therapists.computeIfAbsent(therapistId, k -> therapists.size());
        java.util.Arrays.fill(p, 2, p.length, -1);
        double d = scale.direction() == Direction.HIGHER_IS_BETTER ? 1 : -1;
        if (series.size() >= 2) {
            double first = series.value(0);
            double last = series.value(series.size() - 1);
            double improvement = d * (last - first);
            if (scale.direction() == Direction.LOWER_IS_BETTER && first > 0) {
                p[2 + Measure.RESPONSE.ordinal()] = improvement >= 0.5 * first ? 1 : 0;
            }
            if (!Double.isNaN(cutoff) && d * (first - cutoff) <= 0) {
                p[2 + Measure.RECOVERY.ordinal()] = d * (last - cutoff) > 0 && improvement >= reliableChange ? 1 : 0;
            }
            p[2 + Measure.RELIABLE_IMPROVEMENT.ordinal()] = improvement >= reliableChange ? 1 : 0;
            p[2 + Measure.RELIABLE_DETERIORATION.ordinal()] = -improvement >= reliableChange ? 1 : 0;
        }
        if (plannedEnd > 0) {
            p[2 + Measure.DROP_OUT.ordinal()] = series.occasion(series.size() - 1) < plannedEnd ? 1 : 0;
        }
        patients.add(p);
        return true;
    }

    /** @return the whole service */
    public Unit service() {
        return unit("service", "all", -1, -1);
    }

    /** @return one unit per therapist, in order of first appearance */
    public List<Unit> byTherapist() {
        List<Unit> out = new ArrayList<>();
        therapists.forEach((id, i) -> out.add(unit("therapist", id, 1, i)));
        return out;
    }

    /** @return one unit per group, in order of first appearance */
    public List<Unit> byGroup() {
        List<Unit> out = new ArrayList<>();
        groups.forEach((id, i) -> out.add(unit("group", id, 0, i)));
        return out;
    }

    private Unit unit(String level, String id, int column, int index) {
        int[] events = new int[Measure.values().length];
        int[] n = new int[events.length];
        int count = 0;
        for (int[] p : patients) {
            if (column >= 0 && p[column] != index) {
                continue;
            }
            count++;
            for (int m = 0; m < events.length; m++) {
                if (p[2 + m] >= 0) {
                    n[m]++;
                    events[m] += p[2 + m];
                }
            }
        }
        Map<Measure, Rate> rates = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            rates.put(m, new Rate(events[m.ordinal()], n[m.ordinal()], RuleComparison.wilson(events[m.ordinal()], n[m.ordinal()])));
        }
        return new Unit(level, id, count, rates);
    }

    /**
     * The service's rates with cluster-bootstrap 95% percentile intervals: each replicate draws as many groups as
     * there are, with replacement, keeping every patient of a drawn group (patients without a group are groups of
     * one; Field &amp; Welsh 2007).
     *
     * @param replicates 100 to 100,000
     * @param seed the random seed
     * @return per measure, the estimate with its cluster-bootstrap interval
     */
    public Map<Measure, Interval> serviceClusterIntervals(int replicates, long seed) {
        if (replicates < 100 || replicates > 100_000) {
            throw new ValidationException("service rates", "replicates", String.valueOf(replicates), "100 to 100000");
        }
        List<List<int[]>> clusters = new ArrayList<>();
        Map<Integer, List<int[]>> byGroup = new LinkedHashMap<>();
        for (int[] p : patients) {
            if (p[0] < 0) {
                clusters.add(List.of(p));
            } else {
                byGroup.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p);
            }
        }
        clusters.addAll(byGroup.values());
        int ms = Measure.values().length;
        double[][] reps = new double[ms][replicates];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int b = 0; b < replicates; b++) {
            int[] events = new int[ms];
            int[] n = new int[ms];
            for (int k = 0; k < clusters.size(); k++) {
                for (int[] p : clusters.get(rnd.nextInt(clusters.size()))) {
                    for (int m = 0; m < ms; m++) {
                        if (p[2 + m] >= 0) {
                            n[m]++;
                            events[m] += p[2 + m];
                        }
                    }
                }
            }
            for (int m = 0; m < ms; m++) {
                reps[m][b] = n[m] == 0 ? Double.NaN : (double) events[m] / n[m];
            }
        }
        Unit s = service();
        Map<Measure, Interval> out = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            out.put(m, RuleComparison.percentileInterval(s.rates().get(m).interval().estimate(), reps[m.ordinal()]));
        }
        return out;
    }

    /**
     * @param units the units to list (e.g. {@code byTherapist()})
     * @param cluster the service's cluster-bootstrap intervals, or an empty map
     * @return a Markdown table: the service first (with the published figures and, when given, the cluster intervals),
     *     then one row per unit; each cell {@code rate (95% CI) events/n}
     */
    public String markdown(List<Unit> units, Map<Measure, Interval> cluster) {
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(cluster, "cluster");
        StringBuilder sb = new StringBuilder("Outcome rates (").append(describe()).append("; Wilson 95% intervals)\n\n");
        sb.append("| unit | patients |");
        for (Measure m : Measure.values()) {
            sb.append(' ').append(m.label()).append(" |");
        }
        sb.append("\n|---|---|").append("---|".repeat(Measure.values().length)).append('\n');
        List<Unit> rows = new ArrayList<>();
        rows.add(service());
        rows.addAll(units);
        for (Unit u : rows) {
            sb.append("| ").append(u.level().equals("service") ? "service" : u.level() + " " + u.id()).append(" | ")
                    .append(u.patients()).append(" |");
            for (Measure m : Measure.values()) {
                Rate r = u.rates().get(m);
                sb.append(' ').append(r.n() == 0 ? "—" : String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f) %d/%d",
                        100 * r.interval().estimate(), 100 * r.interval().low(), 100 * r.interval().high(), r.events(), r.n()))
                        .append(" |");
            }
            sb.append('\n');
        }
        if (!cluster.isEmpty()) {
            sb.append("| service, cluster bootstrap over groups | |");
            for (Measure m : Measure.values()) {
                Interval i = cluster.get(m);
                sb.append(' ').append(Double.isNaN(i.low()) ? "—" : String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f)",
                        100 * i.estimate(), 100 * i.low(), 100 * i.high())).append(" |");
            }
            sb.append('\n');
        }
        sb.append("| published |  |");
        for (Measure m : Measure.values()) {
            String text = "—";
            for (Published p : published()) {
                if (p.measure() == m) {
                    text = p.text() + " (" + p.source() + ")";
                }
            }
            sb.append(' ').append(text).append(" |");
        }
        sb.append("\n\nResponse: at least 50% better than the first score. Recovery: among cases at the first observation, "
                + "reliably better and below the cut-off at the last. Reliable improvement / deterioration: at least the "
                + "reliable change better / worse. Drop-out: the last observation before the planned end.\n");
        return sb.toString();
    }

    /** The header of {@link #csv}. */
    public static final List<String> CSV_COLUMNS = List.of("level", "unit", "patients", "measure", "events", "n", "rate",
            "low", "high", "cluster_low", "cluster_high");

    /**
     * @param units the units to list after the service
     * @param cluster the service's cluster-bootstrap intervals, or an empty map
     * @return CSV with {@link #CSV_COLUMNS}: one row per unit and measure (rates as fractions; empty when undefined)
     */
    public String csv(List<Unit> units, Map<Measure, Interval> cluster) {
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(cluster, "cluster");
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        List<Unit> rows = new ArrayList<>();
        rows.add(service());
        rows.addAll(units);
        for (Unit u : rows) {
            for (Measure m : Measure.values()) {
                Rate r = u.rates().get(m);
                Interval c = u.level().equals("service") ? cluster.get(m) : null;
                sb.append(u.level()).append(',').append(ComparisonTables.quote(u.id())).append(',').append(u.patients()).append(',')
                        .append(m.label()).append(',').append(r.events()).append(',').append(r.n()).append(',')
                        .append(cell(r.interval().estimate())).append(',').append(cell(r.interval().low())).append(',')
                        .append(cell(r.interval().high())).append(',').append(c == null ? "" : cell(c.low())).append(',')
                        .append(c == null ? "" : cell(c.high())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : String.valueOf(v);
    }

    /** @return e.g. "odsis.total, cut-off 8, reliable change 4, planned end 14" */
    public String describe() {
        return String.format(Locale.ROOT, "%s, cut-off %s, reliable change %s, planned end %s", scale.qualifiedId(),
                Double.isNaN(cutoff) ? "none" : num(cutoff), num(reliableChange), plannedEnd == 0 ? "none" : plannedEnd);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
