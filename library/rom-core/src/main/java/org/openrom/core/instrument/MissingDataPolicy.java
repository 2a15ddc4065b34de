package org.openrom.core.instrument;

import java.util.Map;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;

/**
 * What to do when items of a scale are unanswered.
 *
 * <p>First, each missing item that has a {@linkplain #substitutions() substitute} takes the
 * substitute's answer (PSYCHLOPS: a missing second problem {@code q2b} counts as {@code q1b}, so the
 * problem domain is 2 × Q1b). Then, if more than {@link #maxMissingFraction()} of the scale's items are
 * still missing, the scale is <em>not scored</em> and the score carries the reason. Otherwise the mean
 * of the answered items is scaled to the full length (for a sum: {@code mean × n}; for a mean scale:
 * the mean of the answered items). A score that used a substitute or proration is marked
 * {@code prorated}.
 *
 * <p>Default ({@link #DEFAULT}): at most 20% missing, no substitutions. No built-in instrument
 * publishes a prorating rule; the 20% default is OpenROM's documented convention (docs/instruments.md).
 *
 * @param maxMissingFraction the largest fraction of a scale's items that may be missing, in [0, 1)
 * @param substitutions missing item id → the item whose answer replaces it
 */
public record MissingDataPolicy(double maxMissingFraction, Map<String, String> substitutions) {

    /** At most 20% of items missing, prorated; no substitutions. */
    public static final MissingDataPolicy DEFAULT = new MissingDataPolicy(0.2, Map.of());

    /** No item may be missing. */
    public static final MissingDataPolicy COMPLETE_ONLY = new MissingDataPolicy(0.0, Map.of());

    /** Validates the fraction and the substitution ids; copies the map sorted. */
    public MissingDataPolicy {
        if (!(maxMissingFraction >= 0 && maxMissingFraction < 1)) {
            throw new ValidationException("missing-data policy", "maxMissingFraction",
                    String.valueOf(maxMissingFraction), "a number in [0, 1)");
        }
        substitutions = substitutions == null ? Map.of()
                : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(substitutions));
        for (Map.Entry<String, String> e : substitutions.entrySet()) {
            Checks.id("missing-data policy", "substitutions", e.getKey());
            Checks.id("missing-data policy", "substitutions." + e.getKey(), e.getValue());
            if (e.getKey().equals(e.getValue())) {
                throw new ValidationException("missing-data policy", "substitutions." + e.getKey(),
                        "'" + e.getValue() + "'", "another item than itself");
            }
        }
    }

    /**
     * @param fraction the largest missing fraction
     * @return a policy with that fraction and no substitutions
     */
    public static MissingDataPolicy maxMissing(double fraction) {
        return new MissingDataPolicy(fraction, Map.of());
    }

    /** @return a copy that also substitutes {@code missing} by {@code substitute} */
    public MissingDataPolicy withSubstitution(String missing, String substitute) {
        Map<String, String> m = new TreeMap<>(substitutions);
        m.put(missing, substitute);
        return new MissingDataPolicy(maxMissingFraction, m);
    }
}
