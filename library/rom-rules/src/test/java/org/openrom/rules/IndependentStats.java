package org.openrom.rules;

/**
 * Distribution functions written apart from the library's, for the tests that check its statistics against an
 * independent route: Φ by its Taylor series (Marsaglia 2004), where the library goes through the incomplete gamma
 * function.
 */
public final class IndependentStats {
    private IndependentStats() {
    }

    /** @return Φ(z), the standard normal distribution function */
    public static double phi(double z) {
        double sum = z;
        double term = z;
        for (int i = 3; i < 600; i += 2) {
            term *= z * z / i;
            sum += term;
            if (Math.abs(term) < 1e-18 * Math.abs(sum)) {
                break;
            }
        }
        return 0.5 + sum * Math.exp(-0.5 * z * z - 0.91893853320467274178);
    }

    /** @return P(X ≥ x) for X chi-square with one degree of freedom: 2(1 − Φ(√x)) */
    public static double chiSquare1Tail(double x) {
        return 2 * (1 - phi(Math.sqrt(x)));
    }
}
