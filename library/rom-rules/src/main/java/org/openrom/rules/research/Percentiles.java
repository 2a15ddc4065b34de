package org.openrom.rules.research;

import java.util.Arrays;

/** Percentiles by linear interpolation between order statistics (Hyndman &amp; Fan type 7, R's default). */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * @param values the sample (not modified; at least one value)
     * @param percent the percentile in [0, 100]
     * @return the type-7 percentile
     */
    public static double of(double[] values, double percent) {
        java.util.Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("empty sample");
        }
        double[] x = values.clone();
        Arrays.sort(x);
        double h = (x.length - 1) * percent / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, x.length - 1);
        return x[lo] + (h - lo) * (x[hi] - x[lo]);
    }
}
