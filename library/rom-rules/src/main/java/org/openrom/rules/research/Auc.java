package org.openrom.rules.research;

import java.util.Arrays;

/**
 * The area under the ROC curve from the scores of the positive and the negative cases, with DeLong, DeLong &amp;
 * Clarke-Pearson's (1988) variance: the placement values {@code V₁₀(xᵢ)}, the share of negatives each positive outscores
 * (ties one half), and {@code V₀₁(yⱼ)}, the share of positives that outscore each negative; the area is the mean of
 * either, and {@code Var(A) = S₁₀/n₁ + S₀₁/n₀} with S the sample variances. O(n log n) by binary search. Not API.
 */
final class Auc {
    private Auc() {
    }

    /** @return {area, DeLong's variance} */
    static double[] withDeLongVariance(double[] positives, double[] negatives) {
        double[][] pl = placements(positives, negatives);
        return new double[] {mean(pl[0]), sampleVariance(pl[0]) / positives.length
                + sampleVariance(pl[1]) / negatives.length};
    }

    /**
     * DeLong's paired test of two areas on the same cases (DeLong, DeLong &amp; Clarke-Pearson 1988): the placement
     * values of each case under each score, their covariances, {@code Var(A − B) = (S₁₀ᴬᴬ + S₁₀ᴮᴮ − 2S₁₀ᴬᴮ)/n₁ +
     * (S₀₁ᴬᴬ + S₀₁ᴮᴮ − 2S₀₁ᴬᴮ)/n₀}, {@code z = (A − B)/√Var}, two-sided p from the normal distribution.
     *
     * @return {area A, area B, z, p}; z and p NaN when the variance is 0 (the two scores order the cases alike)
     */
    static double[] pairedDeLong(double[] a, double[] b, boolean[] positive) {
        int n1 = 0;
        for (boolean p : positive) {
            n1 += p ? 1 : 0;
        }
        int n0 = positive.length - n1;
        double[][] pa = placements(a, positive, n1, n0);
        double[][] pb = placements(b, positive, n1, n0);
        double areaA = mean(pa[0]);
        double areaB = mean(pb[0]);
        double var = (sampleVariance(pa[0]) + sampleVariance(pb[0]) - 2 * covariance(pa[0], pb[0])) / n1
                + (sampleVariance(pa[1]) + sampleVariance(pb[1]) - 2 * covariance(pa[1], pb[1])) / n0;
        if (!(var > 1e-300)) {
            return new double[] {areaA, areaB, Double.NaN, Double.NaN};
        }
        double z = (areaA - areaB) / Math.sqrt(var);
        return new double[] {areaA, areaB, z, org.openrom.rules.change.GroupComparison.chiSquareUpperTail(z * z, 1)};
    }

    /** The positives' V₁₀ and the negatives' V₀₁ under one score, in the cases' order. */
    private static double[][] placements(double[] s, boolean[] positive, int n1, int n0) {
        double[] x = new double[n1];
        double[] y = new double[n0];
        int i1 = 0;
        int i0 = 0;
        for (int i = 0; i < s.length; i++) {
            if (positive[i]) {
                x[i1++] = s[i];
            } else {
                y[i0++] = s[i];
            }
        }
        return placements(x, y);
    }

    /** The placement values: each positive's V₁₀ and each negative's V₀₁, in the order given, by binary search. */
    private static double[][] placements(double[] x, double[] y) {
        double[] xs = x.clone();
        double[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        double[] v10 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int below = below(ys, x[i]);
            v10[i] = (below + 0.5 * (atOrBelow(ys, x[i]) - below)) / y.length;
        }
        double[] v01 = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            int below = below(xs, y[j]);
            v01[j] = (x.length - atOrBelow(xs, y[j]) + 0.5 * (atOrBelow(xs, y[j]) - below)) / x.length;
        }
        return new double[][] {v10, v01};
    }

    private static double mean(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        return m / v.length;
    }

    /** The sample covariance (denominator n − 1; 0 for a single pair). */
    private static double covariance(double[] a, double[] b) {
        if (a.length < 2) {
            return 0;
        }
        double ma = mean(a);
        double mb = mean(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
    }

    /** @return how many of the sorted values are below v */
    private static int below(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return how many of the sorted values are at or below v */
    private static int atOrBelow(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The sample variance (denominator n − 1; 0 for a single value). */
    private static double sampleVariance(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return ss / (v.length - 1);
    }
}
