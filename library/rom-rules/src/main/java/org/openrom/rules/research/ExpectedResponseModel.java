package org.openrom.rules.research;

import java.util.List;
import org.openrom.core.ValidationException;
import org.openrom.core.track.ScoreSeries;

/**
 * An expected treatment response curve (Finch, Lambert &amp; Schaalje 2001; Lutz et al. 1999):
 * {@code E(s) = b0 + b1·I + (b2 + b3·I)·ln(s)}, with {@code I} the intake (baseline) score and {@code s}
 * the session counted from the baseline ({@code s = occasion − baseline occasion + 1}, so the baseline is
 * {@code s = 1}, {@code ln 1 = 0}); {@code sigma} is the residual SD around the curve.
 *
 * @param b0 intercept
 * @param b1 intake slope
 * @param b2 log-session slope
 * @param b3 intake × log-session interaction
 * @param sigma residual standard deviation (&gt; 0)
 * @param n the number of observations the model was fitted on (0 when given)
 */
public record ExpectedResponseModel(double b0, double b1, double b2, double b3, double sigma, int n) {

    /** Validates finiteness and sigma. */
    public ExpectedResponseModel {
        if (!(Double.isFinite(b0) && Double.isFinite(b1) && Double.isFinite(b2) && Double.isFinite(b3))) {
            throw new ValidationException("expected response model", "b", b0 + "," + b1 + "," + b2 + "," + b3,
                    "finite coefficients");
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new ValidationException("expected response model", "sigma", String.valueOf(sigma), "a finite number > 0");
        }
    }

    /**
     * @param intake the intake score I
     * @param session s &ge; 1
     * @return E(s)
     */
    public double expected(double intake, int session) {
        double ls = Math.log(session);
        return b0 + b1 * intake + (b2 + b3 * intake) * ls;
    }

    /**
     * Fits the curve by ordinary least squares on every post-baseline observation of the reference series
     * of one scale: regressors {@code [1, I, ln s, I·ln s]}, response the score; sigma is
     * {@code √(RSS / (n − 4))}.
     *
     * @param reference the reference cohort (series of other scales are ignored)
     * @param scale the qualified scale id
     * @return the fitted model
     * @throws ValidationException with fewer than 5 usable observations or a singular design (e.g. all
     *     intakes equal)
     */
    public static ExpectedResponseModel fit(List<ScoreSeries> reference, String scale) {
        java.util.Objects.requireNonNull(reference, "reference");
        double[][] xtx = new double[4][4];
        double[] xty = new double[4];
        int n = 0;
        double[] row = new double[4];
        for (ScoreSeries s : reference) {
            if (!s.scale().equals(scale) || s.size() < 2) {
                continue;
            }
            double intake = s.value(0);
            int base = s.occasion(0);
            for (int i = 1; i < s.size(); i++) {
                double ls = Math.log(s.occasion(i) - base + 1);
                row[0] = 1;
                row[1] = intake;
                row[2] = ls;
                row[3] = intake * ls;
                for (int a = 0; a < 4; a++) {
                    for (int b = 0; b < 4; b++) {
                        xtx[a][b] += row[a] * row[b];
                    }
                    xty[a] += row[a] * s.value(i);
                }
                n++;
            }
        }
        if (n < 5) {
            throw new ValidationException("expected response fit", "reference", n + " observations",
                    "at least 5 post-baseline observations of " + scale);
        }
        double[] beta = solve(xtx, xty);
        double rss = 0;
        for (ScoreSeries s : reference) {
            if (!s.scale().equals(scale) || s.size() < 2) {
                continue;
            }
            double intake = s.value(0);
            int base = s.occasion(0);
            for (int i = 1; i < s.size(); i++) {
                double ls = Math.log(s.occasion(i) - base + 1);
                double e = s.value(i) - (beta[0] + beta[1] * intake + (beta[2] + beta[3] * intake) * ls);
                rss += e * e;
            }
        }
        double sigma = Math.sqrt(rss / (n - 4));
        if (!(sigma > 0)) {
            throw new ValidationException("expected response fit", "sigma", String.valueOf(sigma),
                    "a residual SD > 0 (the reference data fit the curve exactly)");
        }
        return new ExpectedResponseModel(beta[0], beta[1], beta[2], beta[3], sigma, n);
    }

    private static double[] solve(double[][] a0, double[] b0) {
        int m = b0.length;
        double[][] a = new double[m][];
        for (int i = 0; i < m; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        double scale = 0;
        for (double[] r : a) {
            for (double v : r) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            if (Math.abs(a[piv][col]) <= 1e-12 * scale) {
                throw new ValidationException("expected response fit", "reference", "singular design",
                        "reference data with varied intakes and sessions");
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            double tb = b[col];
            b[col] = b[piv];
            b[piv] = tb;
            for (int r = col + 1; r < m; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c < m; c++) {
                    a[r][c] -= f * a[col][c];
                }
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < m; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
