package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openrom.core.track.TrackAssessment;

/**
 * The ROC curve of a rule's <em>continuous index</em> (the reliable change index {@code rci} of
 * {@code reliable-change}, the {@code worsening} of {@code deterioration-or-no-change}, …), not of its yes/no flag:
 * each patient's score is the most alarming value of one detail of the rule's assessments before the patient's last
 * observation (the maximum, or the minimum when lower values are worse), and every threshold on it is an operating
 * point. The area under the curve is the Mann–Whitney probability that a patient with a poor outcome scores higher
 * than one with a good outcome, ties counted one half, with the standard error of Hanley &amp; McNeil (1982):
 * {@code SE² = [A(1 − A) + (n₁ − 1)(Q₁ − A²) + (n₀ − 1)(Q₂ − A²)] / (n₁·n₀)}, {@code Q₁ = A / (2 − A)},
 * {@code Q₂ = 2A² / (1 + A)}, and a Wald 95% interval clipped to [0, 1]; and with DeLong's variance (DeLong, DeLong
 * &amp; Clarke-Pearson 1988), the one pROC reports by default: with the placement values {@code V₁₀(xᵢ)}, the share of
 * good outcomes each poor outcome outscores (ties one half), and {@code V₀₁(yⱼ)}, the share of poor outcomes that
 * outscore each good outcome, {@code Var(A) = S₁₀/n₁ + S₀₁/n₀} with S the sample variances (denominator n − 1), and the
 * same Wald interval. On an index with few distinct values Hanley and McNeil's interval is the wider. Patients without a
 * finite value of the detail before their last observation are left out (counted). Not thread-safe.
 */
public final class IndexRoc {
    /**
     * One operating point: flag when the score is at least the threshold.
     *
     * @param threshold the threshold on the (signed) score
     * @param fpr 1 − specificity
     * @param tpr sensitivity
     */
    public record Point(double threshold, double fpr, double tpr) {
    }

    /**
     * The curve and its area.
     *
     * @param rule the rule's canonical spec
     * @param detail the detail read
     * @param higherIsWorse whether higher values are more alarming
     * @param patients patients with a score
     * @param poor of them, with a poor outcome
     * @param leftOut patients without a value of the detail before their last observation
     * @param auc the area under the curve (NaN without both outcomes)
     * @param low lower bound of the 95% interval by Hanley and McNeil's standard error
     * @param high upper bound of that interval
     * @param points from (0, 0) to (1, 1), one per distinct score, thresholds descending
     * @param delongLow lower bound of the 95% interval by DeLong's variance
     * @param delongHigh upper bound of that interval
     */
    public record Result(String rule, String detail, boolean higherIsWorse, int patients, int poor, int leftOut, double auc,
            double low, double high, List<Point> points, double delongLow, double delongHigh) {
        /** Copies. */
        public Result {
            points = List.copyOf(Objects.requireNonNull(points, "points"));
        }
    }

    private final String rule;
    private final String detail;
    private final boolean higherIsWorse;
    private double[] scores = new double[256];
    private boolean[] poor = new boolean[256];
    private int n;
    private int leftOut;

    /**
     * @param rule the rule's canonical spec (for the result)
     * @param detail the detail of the rule's assessments that carries the index
     * @param higherIsWorse true when higher values are more alarming, false when lower ones are
     */
    public IndexRoc(String rule, String detail, boolean higherIsWorse) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.higherIsWorse = higherIsWorse;
    }

    /**
     * Adds a patient.
     *
     * @param poorOutcome whether the outcome is poor
     * @param lastOccasion the patient's last observation (values at or after it are not read)
     * @param assessments the rule's assessments of the patient
     * @return whether the patient had a value (else left out)
     */
    public boolean add(boolean poorOutcome, int lastOccasion, List<TrackAssessment> assessments) {
        Objects.requireNonNull(assessments, "assessments");
        double best = Double.NaN;
        for (TrackAssessment a : assessments) {
            if (a.occasion() >= lastOccasion) {
                continue;
            }
            Map<String, Object> d = a.details();
            if (d.get(detail) instanceof Number num) {
                double v = higherIsWorse ? num.doubleValue() : -num.doubleValue();
                if (Double.isFinite(v) && (Double.isNaN(best) || v > best)) {
                    best = v;
                }
            }
        }
        if (Double.isNaN(best)) {
            leftOut++;
            return false;
        }
        if (n == scores.length) {
            scores = Arrays.copyOf(scores, n * 2);
            poor = Arrays.copyOf(poor, n * 2);
        }
        scores[n] = best;
        poor[n] = poorOutcome;
        n++;
        return true;
    }

    /** @return the curve, its area and interval */
    public Result result() {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int pos = 0;
        for (int i = 0; i < n; i++) {
            pos += poor[i] ? 1 : 0;
        }
        int neg = n - pos;
        List<Point> pts = new ArrayList<>();
        pts.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
        if (pos == 0 || neg == 0) {
            return new Result(rule, detail, higherIsWorse, n, pos, leftOut, Double.NaN, Double.NaN, Double.NaN, List.of(),
                    Double.NaN, Double.NaN);
        }
        // walk the thresholds from the highest score down; a block of equal scores moves both rates at once
        int tp = 0;
        int fp = 0;
        double area = 0;
        for (int i = 0; i < n; ) {
            double t = scores[order[i]];
            int dtp = 0;
            int dfp = 0;
            while (i < n && scores[order[i]] == t) {
                if (poor[order[i]]) {
                    dtp++;
                } else {
                    dfp++;
                }
                i++;
            }
            // the area of this step, ties as a trapezoid: the Mann-Whitney count with ties one half
            area += dfp * (tp + dtp / 2.0);
            tp += dtp;
            fp += dfp;
            pts.add(new Point(higherIsWorse ? t : -t, (double) fp / neg, (double) tp / pos));
        }
        double auc = area / ((double) pos * neg);
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double se = Math.sqrt((auc * (1 - auc) + (pos - 1) * (q1 - auc * auc) + (neg - 1) * (q2 - auc * auc))
                / ((double) pos * neg));
        double z = 1.959963984540054;
        double dse = Math.sqrt(delongVariance(pos, neg));
        return new Result(rule, detail, higherIsWorse, n, pos, leftOut, auc, Math.max(0, auc - z * se),
                Math.min(1, auc + z * se), pts, Math.max(0, auc - z * dse), Math.min(1, auc + z * dse));
    }

    /** DeLong's variance of the area ({@link Auc}). */
    private double delongVariance(int pos, int neg) {
        double[] x = new double[pos];
        double[] y = new double[neg];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (poor[i]) {
                x[a++] = scores[i];
            } else {
                y[b++] = scores[i];
            }
        }
        return Auc.withDeLongVariance(x, y)[1];
    }
}
