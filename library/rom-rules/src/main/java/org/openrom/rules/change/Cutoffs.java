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

    /**
     * Which population a score exactly at the cut-off belongs to, for recovered and harmed. Jacobson &amp; Truax
     * (1991) define recovery as ending closer to the functional than to the dysfunctional population (criterion c)
     * or beyond a range (a, b): a score at the cut-off is in neither, so by the definitions it neither starts nor
     * ends a crossing.
     */
    public enum Tie {
        /**
         * A score at the cut-off belongs to neither population: recovered needs a pre score strictly on the clinical
         * side and a post score strictly on the functional side, harmed the reverse (the default, from the
         * definitions).
         */
        NEITHER,
        /**
         * The R package clinicalsignificance 2.x: strict for recovered (as {@link #NEITHER}), inclusive for harmed
         * (a pre score at the cut-off counts as functional, a post score at it as clinical).
         */
        PACKAGE,
        /**
         * A score at the cut-off is clinical, as for caseness thresholds ("PHQ-9 of 10 or more"): OpenROM's
         * behaviour before 0.1 and the reliable-change rule's.
         */
        CLINICAL
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

    /**
     * Whether a patient crossed the cut-off toward health (for recovered) or away from it (for harmed).
     *
     * @param pre the pre score
     * @param post the post score
     * @param cutoff the cut-off
     * @param direction which end is healthy
     * @param tie where a score at the cut-off belongs
     * @param towardHealth true for a crossing toward health, false for one away from it
     * @return whether the patient crossed, under the tie rule
     */
    public static boolean crossed(double pre, double post, double cutoff, Direction direction, Tie tie,
            boolean towardHealth) {
        java.util.Objects.requireNonNull(direction, "direction");
        java.util.Objects.requireNonNull(tie, "tie");
        double h = direction == Direction.LOWER_IS_BETTER ? -1 : 1;
        // signed distance toward health: > 0 functional side, < 0 clinical side, 0 at the cut-off
        double a = h * (pre - cutoff);
        double b = h * (post - cutoff);
        switch (tie) {
            case NEITHER:
                return towardHealth ? a < 0 && b > 0 : a > 0 && b < 0;
            case PACKAGE:
                return towardHealth ? a < 0 && b > 0 : a >= 0 && b <= 0;
            default:
                return towardHealth ? a <= 0 && b > 0 : a > 0 && b <= 0;
        }
    }

    /**
     * The Hageman &amp; Arrindell (1999) true-score cut-offs: the cut-offs of Jacobson &amp; Truax with every SD
     * multiplied by the square root of the reliability of its population's scores, {@code r_X = (SD_X² − SE²) /
     * SD_X²} with {@code SE = SD₁·√(1 − r)} (so {@code r₁ = r}):
     * {@code a = M₁ ∓ 2·SD₁·√r₁}, {@code b = M₀ ± 2·SD₀·√r₀} ({@link Variant#JT}; the package uses SD₁·√r₁,
     * {@link Variant#PACKAGE}), {@code c = (SD₁√r₁·M₀ + SD₀√r₀·M₁) / (SD₁√r₁ + SD₀√r₀)}.
     *
     * @param kind a, b or c
     * @param variant the SD used by b
     * @param direction which end is healthy
     * @param m1 clinical mean
     * @param sd1 clinical SD (&gt; 0)
     * @param m0 functional mean (b, c)
     * @param sd0 functional SD (b, c)
     * @param reliability the instrument's reliability r, in (0, 1)
     * @return the true-score cut-off
     */
    public static double trueScoreCutoff(Kind kind, Variant variant, Direction direction, double m1, double sd1,
            double m0, double sd0, double reliability) {
        // validates kind, variant, SDs and the functional norms
        cutoff(kind, variant, direction, m1, sd1, m0, sd0);
        double toHealth = direction == Direction.LOWER_IS_BETTER ? -1 : 1;
        double se2 = sd1 * sd1 * (1 - reliability);
        double w1 = sd1 * Math.sqrt((sd1 * sd1 - se2) / (sd1 * sd1));
        double r0 = kind == Kind.A ? Double.NaN : (sd0 * sd0 - se2) / (sd0 * sd0);
        if (kind != Kind.A && !(r0 > 0)) {
            throw new ValidationException("cut-off", "sdFunctional", String.valueOf(sd0), "a functional SD larger "
                    + "than the standard error of measurement " + Math.sqrt(se2) + " (true-score reliability > 0)");
        }
        double w0 = kind == Kind.A ? Double.NaN : sd0 * Math.sqrt(r0);
        switch (kind) {
            case A:
                return m1 + toHealth * 2 * w1;
            case B:
                return m0 - toHealth * 2 * (variant == Variant.JT ? w0 : w1);
            default:
                return (w1 * m0 + w0 * m1) / (w1 + w0);
        }
    }
}
