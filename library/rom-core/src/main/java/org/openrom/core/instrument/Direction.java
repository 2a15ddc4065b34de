package org.openrom.core.instrument;

/** Which end of a scale is the healthy end. */
public enum Direction {
    /** Higher scores are better (e.g. WHO-5, GQ-12 positive bonding). */
    HIGHER_IS_BETTER,
    /** Lower scores are better (e.g. ODSIS, PHQ-9). */
    LOWER_IS_BETTER;

    /**
     * How much worse {@code to} is than {@code from}, in scale points (negative = better).
     *
     * @param from the reference score
     * @param to the later score
     * @return {@code to − from} when lower is better, {@code from − to} when higher is better
     */
    public double worsening(double from, double to) {
        return this == LOWER_IS_BETTER ? to - from : from - to;
    }

    /** @return true when {@code a} is strictly worse than {@code b} */
    public boolean isWorse(double a, double b) {
        return worsening(b, a) > 0;
    }
}
