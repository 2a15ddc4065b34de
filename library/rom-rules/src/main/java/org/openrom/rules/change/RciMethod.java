package org.openrom.rules.change;

/**
 * Reliable change index methods, as in the R package <em>clinicalsignificance</em> (Claus et al. 2024,
 * J Stat Softw 111) and Jacobson &amp; Truax 1991; Claus et al. 2024. Notation: r reliability, SD/M pre- and post-treatment sample
 * statistics, SE = SD_pre·√(1−r), S_diff = √2·SE, SE_pred = SD_pre·√(1−r²).
 */
public enum RciMethod {
    /** Jacobson &amp; Truax 1991: {@code (post − pre) / S_diff}. */
    JT(1.96),
    /** Gulliksen, Lord &amp; Novick: {@code [(post − M_pre) − r(pre − M_pre)] / SE_pred}. */
    GLN(1.96),
    /** Hsu, Linn &amp; Lord: {@code [(post − M_post) − r(pre − M_pre)] / SE_pred}. */
    HLL(1.96),
    /** Edwards–Nunnally (Speer's reformulation): {@code [post − (r(pre − M_pre) + M_pre)] / SE}. */
    EN(2.0),
    /**
     * Nunnally &amp; Kotsch: {@code [post − (r(pre − M_pre) + M_pre)] / √(r²·SD²·(1−r) + SD²·(1−r_post))}, with
     * r_post the post reliability ({@link RciParameters#reliabilityPost()}, by default equal to r).
     */
    NK(1.96),
    /**
     * Hageman &amp; Arrindell 1999: {@code [(post − pre)·r_dd + (M_post − M_pre)(1 − r_dd)] / (√r_dd · √2 · SE)},
     * with r_dd the reliability of difference scores from the pre/post SDs, their correlation and r. A one-sided
     * test: reliable when the index passes the one-sided 5% value.
     */
    HA(1.65);

    /** The two-sided 5% quantile of the standard normal, qnorm(0.975). */
    static final double Z_975 = 1.959963984540054;
    /** The one-sided 5% quantile of the standard normal, qnorm(0.95). */
    static final double Z_95 = 1.6448536269514722;

    /**
     * Which critical values a method uses by default: those of the current R package clinicalsignificance, or
     * those of its 1.x releases (which OpenROM followed until 0.1).
     */
    public enum CriticalValues {
        /**
         * clinicalsignificance 2.x (Claus et al. 2024, the current package): the normal quantile at a 5%
         * significance level, two-sided for every method ({@code qnorm(0.975)} = 1.959964), one-sided for HA
         * ({@code qnorm(0.95)} = 1.644854). The default.
         */
        CLINICALSIGNIFICANCE_2,
        /** clinicalsignificance 1.x: 1.96 for JT, GLN, HLL and NK, 2 for EN, 1.65 for HA. */
        CLINICALSIGNIFICANCE_1
    }

    private final double criticalV1;

    RciMethod(double criticalV1) {
        this.criticalV1 = criticalV1;
    }

    /**
     * @return the default critical value of |index| (strictly greater means reliable): that of the current package,
     *     {@link CriticalValues#CLINICALSIGNIFICANCE_2}
     */
    public double defaultCritical() {
        return critical(CriticalValues.CLINICALSIGNIFICANCE_2);
    }

    /**
     * @param values which set of defaults
     * @return this method's critical value of |index| in that set
     */
    public double critical(CriticalValues values) {
        java.util.Objects.requireNonNull(values, "values");
        if (values == CriticalValues.CLINICALSIGNIFICANCE_1) {
            return criticalV1;
        }
        return this == HA ? Z_95 : Z_975;
    }

    /**
     * @param pre the pre score
     * @param post the post score
     * @param p the population parameters
     * @return the index (positive = the score went up)
     */
    public double index(double pre, double post, RciParameters p) {
        return kernel(p).index(pre, post);
    }

    /**
     * The index with everything that does not depend on the pair computed once, for callers that compute many
     * indexes with the same parameters ({@link ChangeStatistics}, the reliable-change rule). {@link #index}
     * delegates here: one arithmetic, the definition's, operation for operation.
     *
     * @param p the population parameters
     * @return the kernel
     */
    public Kernel kernel(RciParameters p) {
        double r = p.reliability();
        double sd = p.sdPre();
        switch (this) {
            case JT:
                return new Kernel(this, r, 0, 0, 0, Math.sqrt(2) * sd * Math.sqrt(1 - r));
            case GLN:
                return new Kernel(this, r, p.meanPre(), 0, 0, sd * Math.sqrt(1 - r * r));
            case HLL:
                return new Kernel(this, r, p.meanPre(), p.meanPost(), 0, sd * Math.sqrt(1 - r * r));
            case EN:
                return new Kernel(this, r, p.meanPre(), 0, 0, sd * Math.sqrt(1 - r));
            case NK:
                return new Kernel(this, r, p.meanPre(), 0, 0,
                        Math.sqrt(r * r * sd * sd * (1 - r) + sd * sd * (1 - p.reliabilityPost())));
            default: {
                double rdd = differenceReliability(p);
                double se = sd * Math.sqrt(1 - r);
                return new Kernel(this, r, p.meanPre(), p.meanPost(), rdd, Math.sqrt(rdd) * Math.sqrt(2 * se * se));
            }
        }
    }

    /**
     * The per-pair part of an index, {@code numerator(pre, post) / denominator}; immutable.
     *
     * @param method the method
     * @param r the reliability
     * @param meanPre the pre mean (unused by JT)
     * @param meanPost the post mean (HLL, HA)
     * @param rdd the reliability of difference scores (HA)
     * @param denominator the method's denominator
     */
    public record Kernel(RciMethod method, double r, double meanPre, double meanPost, double rdd, double denominator) {
        /**
         * @param pre the pre score
         * @param post the post score
         * @return the index (positive = the score went up)
         */
        public double index(double pre, double post) {
            switch (method) {
                case JT:
                    return (post - pre) / denominator;
                case GLN:
                    return ((post - meanPre) - r * (pre - meanPre)) / denominator;
                case HLL:
                    return ((post - meanPost) - r * (pre - meanPre)) / denominator;
                case EN:
                case NK:
                    return (post - (r * (pre - meanPre) + meanPre)) / denominator;
                default:
                    return ((post - pre) * rdd + (meanPost - meanPre) * (1 - rdd)) / denominator;
            }
        }
    }

    /**
     * The Hageman–Arrindell reliability of difference scores r_dd.
     *
     * @param p parameters with pre/post SDs, r and the pre–post correlation
     * @return r_dd
     */
    public static double differenceReliability(RciParameters p) {
        java.util.Objects.requireNonNull(p, "p");
        double sdPre = p.sdPre();
        double sdPost = p.sdPost();
        double se = sdPre * Math.sqrt(1 - p.reliability());
        double rxx1 = (sdPre * sdPre - se * se) / (sdPre * sdPre);
        double rxx2 = (sdPost * sdPost - se * se) / (sdPost * sdPost);
        double rho = p.correlation();
        double num = sdPre * sdPre * rxx1 + sdPost * sdPost * rxx2 - 2 * sdPre * sdPost * rho;
        double den = sdPre * sdPre + sdPost * sdPost - 2 * sdPre * sdPost * rho;
        return num / den;
    }

    /** @return which parameters beyond reliability and SD_pre this method needs */
    public boolean needsMeanPre() {
        return this != JT;
    }

    /** @return true when M_post is needed */
    public boolean needsMeanPost() {
        return this == HLL || this == HA;
    }

    /** @return true when SD_post and the pre–post correlation are needed */
    public boolean needsPostSdAndCorrelation() {
        return this == HA;
    }
}
