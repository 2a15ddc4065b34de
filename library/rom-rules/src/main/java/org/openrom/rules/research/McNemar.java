package org.openrom.rules.research;

import org.openrom.core.ValidationException;
import org.openrom.rules.change.GroupComparison;

/**
 * McNemar's test of two paired proportions (McNemar 1947): two rules judged on the same patients differ only through
 * the discordant pairs, {@code b} (the first rule right, the second wrong) and {@code c} (the reverse). Three forms,
 * each named in the outputs:
 * <ul>
 * <li>the chi-square statistic without continuity correction, {@code (b − c)² / (b + c)}, one degree of freedom;</li>
 * <li>with Edwards' continuity correction (Edwards 1948), {@code (|b − c| − 1)² / (b + c)}, R's
 *     {@code mcnemar.test} default;</li>
 * <li>the exact test: a two-sided binomial test of {@code b} among {@code b + c} discordant pairs with probability
 *     ½, {@code min(1, 2 · P(X ≤ min(b, c)))}, which small samples need (Fagerland, Lydersen and Laake 2013).</li>
 * </ul>
 * With no discordant pair the statistics are NaN and the exact p-value is 1.
 *
 * @param b discordant pairs where the first rule is right
 * @param c discordant pairs where the second rule is right
 * @param chiSquare the uncorrected statistic
 * @param p its p-value
 * @param chiSquareCorrected the statistic with continuity correction
 * @param pCorrected its p-value
 * @param pExact the exact binomial p-value
 */
public record McNemar(int b, int c, double chiSquare, double p, double chiSquareCorrected, double pCorrected,
        double pExact) {

    /**
     * @param b discordant pairs where the first rule is right (&ge; 0)
     * @param c discordant pairs where the second rule is right (&ge; 0)
     * @return the test
     */
    public static McNemar of(int b, int c) {
        if (b < 0 || c < 0) {
            throw new ValidationException("McNemar test", "b/c", b + "/" + c, "counts >= 0");
        }
        int n = b + c;
        if (n == 0) {
            return new McNemar(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1);
        }
        double d = b - c;
        double x = d * d / n;
        double corrected = Math.pow(Math.max(0, Math.abs(d) - 1), 2) / n;
        return new McNemar(b, c, x, GroupComparison.chiSquareUpperTail(x, 1), corrected,
                GroupComparison.chiSquareUpperTail(corrected, 1), exact(Math.min(b, c), n));
    }

    /** {@code min(1, 2 · P(X ≤ k))} for X binomial(n, ½), summed in logarithms so that large n neither under- nor overflows. */
    private static double exact(int k, int n) {
        double logHalfN = -n * Math.log(2);
        double logC = 0; // log C(n, 0)
        double max = logC + logHalfN;
        double[] terms = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logC += Math.log(n - i + 1) - Math.log(i);
            }
            terms[i] = logC + logHalfN;
            max = Math.max(max, terms[i]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return Math.min(1, 2 * Math.exp(max + Math.log(sum)));
    }
}
