package org.openrom.rules.research;

import org.openrom.core.ValidationException;

/**
 * Logistic regression by Newton–Raphson (iteratively reweighted least squares) with an intercept:
 * {@code P(y = 1 | x) = 1 / (1 + exp(−(b₀ + b·x)))}, fitted by maximum likelihood (McCullagh &amp; Nelder 1989). A
 * step that lowers the likelihood is halved until it raises it; the fit stops when no coefficient moves by more than
 * 1e-10 relative, or after 100 iterations ({@link #converged()}). An {@code offset} enters the linear predictor with a
 * fixed coefficient 1 (the calibration intercept needs it). Immutable once fitted.
 */
public final class LogisticModel {
    private final double[] beta;
    private final boolean converged;

    private LogisticModel(double[] beta, boolean converged) {
        this.beta = beta;
        this.converged = converged;
    }

    /**
     * @param x one row of predictors per case (all rows of one length, possibly 0)
     * @param y the outcomes
     * @param offset a fixed term per case, or null
     * @return the fitted model
     * @throws ValidationException when the rows differ in length, or there are no cases of one outcome
     */
    public static LogisticModel fit(double[][] x, boolean[] y, double[] offset) {
        java.util.Objects.requireNonNull(x, "x");
        java.util.Objects.requireNonNull(y, "y");
        int n = y.length;
        if (x.length != n || offset != null && offset.length != n || n == 0) {
            throw new ValidationException("logistic model", "cases", n + "", "as many rows and offsets as outcomes, > 0");
        }
        int p = x[0].length + 1;
        int events = 0;
        for (int i = 0; i < n; i++) {
            if (x[i].length != p - 1) {
                throw new ValidationException("logistic model", "x[" + i + "]", x[i].length + " predictors", (p - 1) + "");
            }
            events += y[i] ? 1 : 0;
        }
        if (events == 0 || events == n) {
            throw new ValidationException("logistic model", "y", events + " of " + n + " events", "both outcomes present");
        }
        double[] beta = new double[p];
        double ll = logLikelihood(x, y, offset, beta);
        boolean converged = false;
        for (int it = 0; it < 100 && !converged; it++) {
            double[] grad = new double[p];
            double[][] info = new double[p][p];
            for (int i = 0; i < n; i++) {
                double[] row = row(x[i]);
                double mu = mean(row, beta, offset == null ? 0 : offset[i]);
                double w = mu * (1 - mu);
                for (int a = 0; a < p; a++) {
                    grad[a] += ((y[i] ? 1 : 0) - mu) * row[a];
                    for (int b = 0; b < p; b++) {
                        info[a][b] += w * row[a] * row[b];
                    }
                }
            }
            double[] step = solve(info, grad);
            double t = 1;
            double[] next = new double[p];
            double nextLl;
            do {
                for (int a = 0; a < p; a++) {
                    next[a] = beta[a] + t * step[a];
                }
                nextLl = logLikelihood(x, y, offset, next);
                t /= 2;
            } while (nextLl < ll - 1e-12 && t > 1e-10);
            double moved = 0;
            for (int a = 0; a < p; a++) {
                moved = Math.max(moved, Math.abs(next[a] - beta[a]) / Math.max(1, Math.abs(beta[a])));
            }
            beta = next;
            ll = nextLl;
            converged = moved < 1e-10;
        }
        return new LogisticModel(beta, converged);
    }

    /** @return b₀, then one coefficient per predictor */
    public double[] coefficients() {
        return beta.clone();
    }

    /** @return whether the fit settled within 100 iterations (separated data does not) */
    public boolean converged() {
        return converged;
    }

    /**
     * @param x the predictors of one case
     * @return the predicted probability
     */
    public double probability(double[] x) {
        java.util.Objects.requireNonNull(x, "x");
        if (x.length != beta.length - 1) {
            throw new ValidationException("logistic model", "x", x.length + " predictors", (beta.length - 1) + "");
        }
        return mean(row(x), beta, 0);
    }

    private static double[] row(double[] x) {
        double[] r = new double[x.length + 1];
        r[0] = 1;
        System.arraycopy(x, 0, r, 1, x.length);
        return r;
    }

    private static double mean(double[] row, double[] beta, double offset) {
        double eta = offset;
        for (int a = 0; a < row.length; a++) {
            eta += beta[a] * row[a];
        }
        return 1 / (1 + Math.exp(-eta));
    }

    private static double logLikelihood(double[][] x, boolean[] y, double[] offset, double[] beta) {
        double ll = 0;
        for (int i = 0; i < y.length; i++) {
            double[] row = row(x[i]);
            double eta = offset == null ? 0 : offset[i];
            for (int a = 0; a < row.length; a++) {
                eta += beta[a] * row[a];
            }
            // log(1 + e^η) without overflow
            double log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
            ll += (y[i] ? eta : 0) - log1pExp;
        }
        return ll;
    }

    /** Solves a small symmetric positive system by Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = m[c];
            m[c] = m[pivot];
            m[pivot] = tmp;
            if (Math.abs(m[c][c]) < 1e-300) {
                return new double[n]; // singular: no step (a constant predictor); the fit stops where it is
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k <= n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = m[i][n] / m[i][i];
        }
        return out;
    }
}
