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
        double[] x = positives.clone();
        double[] y = negatives.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double[] v10 = new double[x.length];
        double area = 0;
        for (int i = 0; i < x.length; i++) {
            int below = below(y, x[i]);
            v10[i] = (below + 0.5 * (atOrBelow(y, x[i]) - below)) / y.length;
            area += v10[i];
        }
        double[] v01 = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            int below = below(x, y[j]);
            v01[j] = (x.length - atOrBelow(x, y[j]) + 0.5 * (atOrBelow(x, y[j]) - below)) / x.length;
        }
        return new double[] {area / x.length, sampleVariance(v10) / x.length + sampleVariance(v01) / y.length};
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
