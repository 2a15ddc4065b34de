package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;

/**
 * Compares NOT rules against an end-of-treatment outcome, one patient at a time (memory: a few bits and
 * one integer per patient and rule).
 *
 * <p>A rule <em>flags</em> a patient when it is NOT_ON_TRACK at an occasion before the patient's last
 * observation ({@code lastOccasion}); a flag at the final occasion cannot change the treatment. Against the
 * outcome (poor or not) this gives TP/FP/TN/FN, sensitivity, specificity, PPV and NPV with Wilson 95%
 * intervals, the median occasion of the first flag, NOT occasions per patient (alarm burden, counted before
 * the last observation), Cohen's kappa between the rules' flags, and the {@link LeadTime lead time}: among
 * patients with a poor outcome, how many sessions before their last observation the first flag came, and the
 * share of them flagged by each session. Not thread-safe.
 */
public final class RuleComparison {
    /**
     * A proportion with its Wilson 95% interval; all NaN when the denominator is 0.
     *
     * @param estimate x / n
     * @param low lower bound
     * @param high upper bound
     */
    public record Interval(double estimate, double low, double high) {
    }

    /**
     * One rule's accuracy.
     *
     * @param rule the canonical spec
     * @param patients patients compared
     * @param flagged patients flagged
     * @param tp flagged, poor outcome
     * @param fp flagged, good outcome
     * @param tn not flagged, good outcome
     * @param fn not flagged, poor outcome
     * @param sensitivity TP / (TP + FN)
     * @param specificity TN / (TN + FP)
     * @param ppv TP / (TP + FP)
     * @param npv TN / (TN + FN)
     * @param medianFirstFlag median occasion of the first flag among all flagged patients, false positives included
     *     (NaN if none); see {@code leadTime} for early warning among poor outcomes
     * @param notOccasionsPerPatient mean number of NOT occasions before the last observation
     * @param leadTime early warning among the patients with a poor outcome
     */
    public record Accuracy(String rule, int patients, int flagged, int tp, int fp, int tn, int fn, Interval sensitivity,
            Interval specificity, Interval ppv, Interval npv, double medianFirstFlag, double notOccasionsPerPatient,
            LeadTime leadTime) {
    }

    /**
     * Early warning among patients with a poor outcome. The lead time of a flagged patient is the number of
     * sessions from the first flag to the patient's last observation (the end of treatment, where the outcome is
     * measured): {@code lastOccasion − firstFlag}, at least 1 since a flag must come before the last observation.
     * Median and quartiles are type-7 percentiles (Hyndman &amp; Fan 1996). {@code flaggedBy.get(k)} is the share of
     * all poor-outcome patients whose first flag came at or before occasion {@code k} (the literature's "85% by
     * session 3"); its last value is the sensitivity.
     *
     * @param poor patients with a poor outcome
     * @param flagged of them, flagged
     * @param median median lead time in sessions (NaN when none is flagged)
     * @param q1 first quartile of the lead time
     * @param q3 third quartile of the lead time
     * @param flaggedBy per occasion 0, 1, … up to the latest last observation of a poor-outcome patient: the share
     *     of poor-outcome patients flagged by then (empty when there is none)
     */
    public record LeadTime(int poor, int flagged, double median, double q1, double q3, List<Double> flaggedBy) {
        /** Copies. */
        public LeadTime {
            flaggedBy = List.copyOf(Objects.requireNonNull(flaggedBy, "flaggedBy"));
        }

        /**
         * @param occasion an occasion
         * @return the share of poor-outcome patients flagged by then (NaN when there is none)
         */
        public double flaggedBy(int occasion) {
            if (flaggedBy.isEmpty() || occasion < 0) {
                return flaggedBy.isEmpty() ? Double.NaN : 0;
            }
            return flaggedBy.get(Math.min(occasion, flaggedBy.size() - 1));
        }
    }

    private final List<String> specs = new ArrayList<>();
    private final List<BitSet> flags = new ArrayList<>();
    /** Group index of each patient (a patient without a group has a group of its own). */
    private final java.util.Map<String, Integer> groupIds = new java.util.HashMap<>();
    private int[] groupOf = new int[64];
    private int clusters;
    private final List<List<Integer>> firstFlags = new ArrayList<>();
    private final long[] notCounts;
    /** Per rule: the first flag and the last observation of each flagged patient with a poor outcome. */
    private final List<List<int[]>> poorFlags = new ArrayList<>();
    private int latestPoorLast = -1;
    private final List<TrackRule> rules;
    private final BitSet poor = new BitSet();
    /** Per rule: patients with at least one assessment (a rule whose scales a patient lacks has none). */
    private final int[] evaluated;
    /** Per rule and group: NOT occasions before the last observation; per group: patients. */
    private final List<long[]> groupNot = new ArrayList<>();
    private int[] groupSize = new int[16];
    private final List<String> groupNames = new ArrayList<>();
    private int n;

    /** @param rules the rules compared, in report order */
    public RuleComparison(List<TrackRule> rules) {
        java.util.Objects.requireNonNull(rules, "rules");
        this.rules = List.copyOf(rules);
        for (TrackRule r : rules) {
            specs.add(r.ref().spec());
            flags.add(new BitSet());
            firstFlags.add(new ArrayList<>());
            poorFlags.add(new ArrayList<>());
        }
        notCounts = new long[rules.size()];
        evaluated = new int[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            groupNot.add(new long[16]);
        }
    }

    /**
     * Adds one patient: the outcome from the history's series, every rule evaluated over the history. A patient without
     * an outcome (fewer than two observations of its scale) is left out.
     *
     * @param history the patient's history
     * @param outcome the outcome definition
     * @return true when the patient was counted
     */
    public boolean add(org.openrom.core.history.PatientHistory history, Outcome outcome) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(outcome, "outcome");
        Outcome.Judgement j = outcome.judge(history);
        if (!j.counted()) {
            return false;
        }
        List<List<TrackAssessment>> as = new ArrayList<>();
        for (org.openrom.core.history.RuleTrack t : org.openrom.core.history.RuleTrack.evaluate(rules, history)) {
            as.add(t.assessments());
        }
        add(history.groupId().orElse(null), j.poor(), j.lastOccasion(), as);
        return true;
    }

    /**
     * Adds one patient.
     *
     * @param poorOutcome whether the outcome is poor
     * @param lastOccasion the patient's last observation
     * @param assessments per rule (in constructor order), the patient's assessments
     */
    public void add(boolean poorOutcome, int lastOccasion, List<List<TrackAssessment>> assessments) {
        add(null, poorOutcome, lastOccasion, assessments);
    }

    /**
     * Adds one patient of a therapy group (for {@link #clusterBootstrap}).
     *
     * @param groupId the patient's group, or null for none (a group of its own)
     * @param poorOutcome whether the outcome is poor
     * @param lastOccasion the patient's last observation
     * @param assessments per rule (in constructor order), the patient's assessments
     */
    public void add(String groupId, boolean poorOutcome, int lastOccasion, List<List<TrackAssessment>> assessments) {
        Objects.requireNonNull(assessments, "assessments");
        if (assessments.size() != specs.size()) {
            throw new IllegalArgumentException("expected assessments of " + specs.size() + " rules, got " + assessments.size());
        }
        Integer g = groupId == null ? null : groupIds.get(groupId);
        if (g == null) {
            g = clusters++; // a new group, or a patient without one: a cluster of its own
            groupNames.add(groupId);
            if (groupId != null) {
                groupIds.put(groupId, g);
            }
            if (g == groupSize.length) {
                groupSize = java.util.Arrays.copyOf(groupSize, g * 2);
                for (int r = 0; r < specs.size(); r++) {
                    groupNot.set(r, java.util.Arrays.copyOf(groupNot.get(r), g * 2));
                }
            }
        }
        groupSize[g]++;
        for (int r = 0; r < specs.size(); r++) {
            int first = -1;
            if (!assessments.get(r).isEmpty()) {
                evaluated[r]++;
            }
            for (TrackAssessment a : assessments.get(r)) {
                if (a.occasion() < lastOccasion && a.isNotOnTrack()) {
                    notCounts[r]++;
                    groupNot.get(r)[g]++;
                    if (first < 0) {
                        first = a.occasion();
                    }
                }
            }
            if (first >= 0) {
                flags.get(r).set(n);
                firstFlags.get(r).add(first);
                if (poorOutcome) {
                    poorFlags.get(r).add(new int[] {first, lastOccasion});
                }
            }
        }
        if (poorOutcome) {
            poor.set(n);
            latestPoorLast = Math.max(latestPoorLast, lastOccasion);
        }
        if (n == groupOf.length) {
            groupOf = java.util.Arrays.copyOf(groupOf, n * 2);
        }
        groupOf[n] = g;
        n++;
    }

    /**
     * Cluster-bootstrap intervals of one rule.
     *
     * @param rule the canonical spec
     * @param groups the number of clusters (groups, and patients without one)
     * @param replicates the number of resamples
     * @param seed the random seed
     * @param sensitivity the estimate with its 95% percentile interval
     * @param specificity the estimate with its 95% percentile interval
     * @param kappa against each rule, in constructor order, the estimate with its 95% percentile interval
     */
    public record ClusterIntervals(String rule, int groups, int replicates, long seed, Interval sensitivity,
            Interval specificity, List<Interval> kappa) {
        /** Copies. */
        public ClusterIntervals {
            kappa = List.copyOf(Objects.requireNonNull(kappa, "kappa"));
        }
    }

    /**
     * Intervals that respect the grouping of patients (patients in group therapy are nested in groups): a
     * cluster bootstrap over groups (Field &amp; Welsh 2007). Each of {@code replicates} resamples draws as many
     * groups as there are, with replacement, and keeps every patient of a drawn group; the statistic is
     * recomputed on the resample, and the interval is the 2.5th to 97.5th percentile of the replicates (type 7).
     * A patient without a group is a group of its own. With a fixed seed the result is reproducible.
     *
     * @param replicates bootstrap resamples (100 to 100,000)
     * @param seed the random seed
     * @return per rule, in constructor order: sensitivity, specificity and, against every other rule, kappa
     * @throws IllegalArgumentException for a number of replicates out of range
     */
    public List<ClusterIntervals> clusterBootstrap(int replicates, long seed) {
        if (replicates < 100 || replicates > 100_000) {
            throw new IllegalArgumentException("replicates: got " + replicates + ", expected 100 to 100000");
        }
        int groups = clusters;
        // the patients of each group
        int[][] members = new int[groups][];
        int[] count = new int[groups];
        for (int p = 0; p < n; p++) {
            count[groupOf[p]]++;
        }
        for (int g = 0; g < groups; g++) {
            members[g] = new int[count[g]];
            count[g] = 0;
        }
        for (int p = 0; p < n; p++) {
            members[groupOf[p]][count[groupOf[p]]++] = p;
        }
        int rules = specs.size();
        double[][] sens = new double[rules][replicates];
        double[][] spec = new double[rules][replicates];
        double[][][] kap = new double[rules][rules][replicates];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int[] draw = new int[n == 0 ? 1 : n * 2];
        for (int b = 0; b < replicates; b++) {
            int size = 0;
            for (int k = 0; k < groups; k++) {
                int[] ms = members[rnd.nextInt(groups)];
                if (size + ms.length > draw.length) {
                    draw = java.util.Arrays.copyOf(draw, Math.max(draw.length * 2, size + ms.length));
                }
                System.arraycopy(ms, 0, draw, size, ms.length);
                size += ms.length;
            }
            for (int r = 0; r < rules; r++) {
                BitSet f = flags.get(r);
                int tp = 0;
                int fn = 0;
                int fp = 0;
                int tn = 0;
                for (int i = 0; i < size; i++) {
                    int p = draw[i];
                    boolean fl = f.get(p);
                    if (poor.get(p)) {
                        if (fl) {
                            tp++;
                        } else {
                            fn++;
                        }
                    } else if (fl) {
                        fp++;
                    } else {
                        tn++;
                    }
                }
                sens[r][b] = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
                spec[r][b] = tn + fp == 0 ? Double.NaN : (double) tn / (tn + fp);
                for (int j = 0; j < rules; j++) {
                    kap[r][j][b] = kappa(flags.get(r), flags.get(j), draw, size);
                }
            }
        }
        List<Accuracy> point = results();
        List<ClusterIntervals> out = new ArrayList<>();
        for (int r = 0; r < rules; r++) {
            List<Interval> k = new ArrayList<>();
            for (int j = 0; j < rules; j++) {
                k.add(percentileInterval(kappa(r, j), kap[r][j]));
            }
            out.add(new ClusterIntervals(specs.get(r), groups, replicates, seed,
                    percentileInterval(point.get(r).sensitivity().estimate(), sens[r]),
                    percentileInterval(point.get(r).specificity().estimate(), spec[r]), k));
        }
        return out;
    }

    private static double kappa(BitSet a, BitSet b, int[] draw, int size) {
        if (size == 0) {
            return Double.NaN;
        }
        int agree = 0;
        int na = 0;
        int nb = 0;
        for (int i = 0; i < size; i++) {
            boolean x = a.get(draw[i]);
            boolean y = b.get(draw[i]);
            agree += x == y ? 1 : 0;
            na += x ? 1 : 0;
            nb += y ? 1 : 0;
        }
        double po = (double) agree / size;
        double qa = (double) na / size;
        double qb = (double) nb / size;
        double pe = qa * qb + (1 - qa) * (1 - qb);
        return pe == 1 ? Double.NaN : (po - pe) / (1 - pe);
    }

    /**
     * The 95% percentile interval of bootstrap replicates (type 7), without the NaN ones; none (NaN bounds) when the
     * estimate is NaN or more than half the replicates are.
     */
    static Interval percentileInterval(double estimate, double[] replicates) {
        double[] ok = java.util.Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).toArray();
        if (Double.isNaN(estimate) || ok.length < replicates.length / 2) {
            return new Interval(estimate, Double.NaN, Double.NaN);
        }
        return new Interval(estimate, Percentiles.of(ok, 2.5), Percentiles.of(ok, 97.5));
    }

    /**
     * @param rule a rule's index, in constructor order
     * @return how many of the patients added had at least one assessment by that rule (0: the rule's scales are in
     *     no patient's data, and its flags say nothing)
     */
    public int evaluated(int rule) {
        Objects.checkIndex(rule, specs.size());
        return evaluated[rule];
    }

    /**
     * One therapy group's alarm burden under one rule.
     *
     * @param group the group id
     * @param patients the group's patients compared
     * @param notOccasions NOT occasions of its patients before their last observation
     */
    public record GroupBurden(String group, int patients, long notOccasions) {
        /** @return NOT occasions per patient of the group */
        public double perPatient() {
            return patients == 0 ? Double.NaN : (double) notOccasions / patients;
        }
    }

    /**
     * Alarm burden per therapy group: in group therapy the therapist of a group receives the alarms of all its
     * members, so the burden per group (not only per patient) is what a service must staff for. Patients without a
     * group are not listed.
     *
     * @param rule a rule's index, in constructor order
     * @return per group, in order of first appearance: patients and NOT occasions before the last observation
     */
    public List<GroupBurden> groupBurden(int rule) {
        Objects.checkIndex(rule, specs.size());
        List<GroupBurden> out = new ArrayList<>();
        for (int g = 0; g < clusters; g++) {
            if (groupNames.get(g) != null) {
                out.add(new GroupBurden(groupNames.get(g), groupSize[g], groupNot.get(rule)[g]));
            }
        }
        return out;
    }

    /** @return the rules' short labels, in constructor order ({@link RuleLabels#of}) */
    public List<String> labels() {
        List<org.openrom.core.track.RuleRef> refs = new ArrayList<>();
        rules.forEach(r -> refs.add(r.ref()));
        return RuleLabels.of(refs);
    }

    /** @return the number of patients added */
    public int patients() {
        return n;
    }

    /** @return how many patients had a poor outcome */
    public int poorOutcomes() {
        return poor.cardinality();
    }

    /** @return one accuracy per rule, in constructor order */
    public List<Accuracy> results() {
        List<Accuracy> out = new ArrayList<>();
        for (int r = 0; r < specs.size(); r++) {
            BitSet f = flags.get(r);
            BitSet tpSet = (BitSet) f.clone();
            tpSet.and(poor);
            int tp = tpSet.cardinality();
            int fp = f.cardinality() - tp;
            int fn = poor.cardinality() - tp;
            int tn = n - tp - fp - fn;
            int[] firsts = firstFlags.get(r).stream().mapToInt(Integer::intValue).sorted().toArray();
            double median = firsts.length == 0 ? Double.NaN : firsts.length % 2 == 1 ? firsts[firsts.length / 2]
                    : (firsts[firsts.length / 2 - 1] + firsts[firsts.length / 2]) / 2.0;
            out.add(new Accuracy(specs.get(r), n, f.cardinality(), tp, fp, tn, fn, wilson(tp, tp + fn), wilson(tn, tn + fp),
                    wilson(tp, tp + fp), wilson(tn, tn + fn), median, n == 0 ? Double.NaN : (double) notCounts[r] / n,
                    leadTime(r)));
        }
        return out;
    }

    private LeadTime leadTime(int r) {
        List<int[]> pf = poorFlags.get(r);
        int poorN = poor.cardinality();
        double[] leads = new double[pf.size()];
        for (int i = 0; i < leads.length; i++) {
            leads[i] = pf.get(i)[1] - pf.get(i)[0];
        }
        List<Double> by = new ArrayList<>();
        if (poorN > 0) {
            int[] firstAt = new int[latestPoorLast + 1];
            for (int[] x : pf) {
                firstAt[x[0]]++;
            }
            int cum = 0;
            for (int k = 0; k <= latestPoorLast; k++) {
                cum += firstAt[k];
                by.add((double) cum / poorN);
            }
        }
        boolean none = leads.length == 0;
        return new LeadTime(poorN, leads.length, none ? Double.NaN : Percentiles.of(leads, 50),
                none ? Double.NaN : Percentiles.of(leads, 25), none ? Double.NaN : Percentiles.of(leads, 75), by);
    }

    /**
     * Two rules on the same patients, compared pairwise ({@link McNemar}): their sensitivities through the patients
     * with a poor outcome that one flags and the other does not, their specificities through the patients with a good
     * outcome that one leaves unflagged and the other flags.
     *
     * @param first the first rule's label
     * @param second the second rule's label
     * @param sensitivity McNemar's test of the sensitivities ({@code b}: poor outcomes the first flags, the second not)
     * @param specificity McNemar's test of the specificities ({@code b}: good outcomes the first leaves, the second flags)
     */
    public record Paired(String first, String second, McNemar sensitivity, McNemar specificity) {
    }

    /**
     * @param i a rule, in constructor order
     * @param j another rule
     * @return McNemar's tests of their sensitivities and specificities on the same patients
     */
    public Paired paired(int i, int j) {
        BitSet a = flags.get(i);
        BitSet b = flags.get(j);
        int poorB = 0;
        int poorC = 0;
        int goodB = 0;
        int goodC = 0;
        for (int p = 0; p < n; p++) {
            boolean fa = a.get(p);
            boolean fb = b.get(p);
            if (fa == fb) {
                continue;
            }
            if (poor.get(p)) {
                poorB += fa ? 1 : 0;
                poorC += fb ? 1 : 0;
            } else {
                goodB += fb ? 1 : 0; // the first rule is right: it left a good outcome unflagged
                goodC += fa ? 1 : 0;
            }
        }
        List<String> l = labels();
        return new Paired(l.get(i), l.get(j), McNemar.of(poorB, poorC), McNemar.of(goodB, goodC));
    }

    /**
     * DeLong's paired test of two rules' areas under the ROC curve on the same patients (DeLong, DeLong &amp;
     * Clarke-Pearson 1988; pROC's {@code roc.test}). A rule's score is its flag (1 flagged, 0 not), so its area is
     * {@code (sensitivity + specificity) / 2}, its balanced accuracy.
     *
     * @param first the first rule's label
     * @param second the second rule's label
     * @param firstAuc the first rule's area
     * @param secondAuc the second rule's area
     * @param z {@code (A − B) / √Var(A − B)}; NaN when the variance is 0 (the two rules flag alike) or an outcome is absent
     * @param p the two-sided p-value from the normal distribution (NaN with z)
     */
    public record PairedAuc(String first, String second, double firstAuc, double secondAuc, double z, double p) {
    }

    /**
     * @param i a rule, in constructor order
     * @param j another rule
     * @return DeLong's paired test of their areas
     */
    public PairedAuc pairedAuc(int i, int j) {
        double[] a = new double[n];
        double[] b = new double[n];
        boolean[] positive = new boolean[n];
        int poorN = 0;
        for (int p = 0; p < n; p++) {
            a[p] = flags.get(i).get(p) ? 1 : 0;
            b[p] = flags.get(j).get(p) ? 1 : 0;
            positive[p] = poor.get(p);
            poorN += positive[p] ? 1 : 0;
        }
        List<String> l = labels();
        if (poorN == 0 || poorN == n) {
            return new PairedAuc(l.get(i), l.get(j), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] t = Auc.pairedDeLong(a, b, positive);
        return new PairedAuc(l.get(i), l.get(j), t[0], t[1], t[2], t[3]);
    }

    /** @return Cohen's kappa between the flags of rules i and j (NaN when the expected agreement is 1) */
    public double kappa(int i, int j) {
        if (n == 0) {
            return Double.NaN;
        }
        BitSet a = flags.get(i);
        BitSet b = flags.get(j);
        BitSet x = (BitSet) a.clone();
        x.xor(b);
        double po = 1 - (double) x.cardinality() / n;
        double qa = (double) a.cardinality() / n;
        double qb = (double) b.cardinality() / n;
        double pe = qa * qb + (1 - qa) * (1 - qb);
        return pe == 1 ? Double.NaN : (po - pe) / (1 - pe);
    }

    /**
     * The Wilson score interval at 95% (z = 1.959964).
     *
     * @param x successes
     * @param total trials
     * @return the interval (NaN when total is 0)
     */
    public static Interval wilson(int x, int total) {
        if (total == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        double z = 1.959963984540054;
        double p = (double) x / total;
        double den = 1 + z * z / total;
        double centre = (p + z * z / (2.0 * total)) / den;
        double half = z * Math.sqrt(p * (1 - p) / total + z * z / (4.0 * total * total)) / den;
        // at x = 0 and x = n the bounds are exactly 0 and 1; rounding must not put the estimate outside them
        double low = x == 0 ? 0 : Math.max(0, Math.min(p, centre - half));
        double high = x == total ? 1 : Math.min(1, Math.max(p, centre + half));
        return new Interval(p, low, high);
    }
}
