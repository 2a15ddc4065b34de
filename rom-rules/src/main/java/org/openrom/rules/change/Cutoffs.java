package org.openrom.rules.change;

import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;

/**
 * Clinical-significance cut-offs (Jacobson &amp; Truax 1991; Jacobson &amp; Truax 1991; Claus et al. 2024), all "toward health":
 * <ul>
 * <li>{@code a = M₁ ∓ 2·SD₁}: two clinical SDs from the clinical mean;</li>
 * <li>{@code b = M₀ ± 2·SD₀}: two SDs from the functional mean — J&amp;T use the functional SD
 * ({@link Variant#JT}), the R package clinicalsignificance the clinical SD ({@link Variant#PACKAGE});</li>
 * <li>{@code c = (SD₀·M₁ + SD₁·M₀) / (SD₀ + SD₁)}: the weighted midpoint.</li>
 * </ul>
 * Check values: M₁ 32, SD₁ 7, M₀ 10, SD₀ 7 give a 18, b 24, c 21.
 */
public final class Cutoffs {
    /** Which SD the cut-off b uses. */
    public enum Variant {
        /** Jacobson &amp; Truax: the functional SD₀ (default). */
        JT,
        /** The R package clinicalsignificance: the clinical SD₁. */
        PACKAGE
    }

    /** The three cut-offs. */
    public enum Kind {
        /** Two clinical SDs beyond the clinical mean. */
        A,
        /** Two SDs within the functional mean. */
        B,
        /** The weighted midpoint. */
        C
    }

    private Cutoffs() {
    }

    /**
     * @param kind a, b or c
     * @param variant the SD used by b
     * @param direction which end is healthy
     * @param m1 clinical mean
     * @param sd1 clinical SD (&gt; 0)
     * @param m0 functional mean (b, c)
     * @param sd0 functional SD (b, c)
     * @return the cut-off
     */
    public static double cutoff(Kind kind, Variant variant, Direction direction, double m1, double sd1, double m0,
            double sd0) {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(variant, "variant");
        double toHealth = direction == Direction.LOWER_IS_BETTER ? -1 : 1;
        if (!(sd1 > 0)) {
            throw new ValidationException("cut-off", "sdClinical", String.valueOf(sd1), "a number > 0");
        }
        if (kind != Kind.A && (!Double.isFinite(m0) || !(sd0 > 0))) {
            throw new ValidationException("cut-off", "functional", "M0 " + m0 + ", SD0 " + sd0,
                    "a functional mean and SD > 0 for cut-off " + kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        switch (kind) {
            case A:
                return m1 + toHealth * 2 * sd1;
            case B:
                return m0 - toHealth * 2 * (variant == Variant.JT ? sd0 : sd1);
            default:
                return (sd0 * m1 + sd1 * m0) / (sd0 + sd1);
        }
    }

    /**
     * @param score a score
     * @param cutoff the cut-off
     * @param direction which end is healthy
     * @return true when the score is strictly on the healthy side of the cut-off
     */
    public static boolean functional(double score, double cutoff, Direction direction) {
        return direction == Direction.LOWER_IS_BETTER ? score < cutoff : score > cutoff;
    }
}
