package org.openrom.cli.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What clinicians did with each rule's Not On Track cards, for {@code rom compare --feedback}: read by the module that
 * owns the feedback store (the CDS Hooks plugin), so that no other module knows its tables. Discovered with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.openrom.cli.spi.FeedbackSource}).
 */
public interface FeedbackSource {
    /**
     * Cards issued about one rule, and what became of them.
     *
     * @param cards cards issued
     * @param accepted accepted (at least once)
     * @param overridden overridden and not accepted
     * @param ignored with no feedback
     */
    record RuleCards(int cards, int accepted, int overridden, int ignored) {
        /** Checks the counts. */
        public RuleCards {
            if (cards < 0 || accepted < 0 || overridden < 0 || ignored < 0 || accepted + overridden + ignored != cards) {
                throw new IllegalArgumentException("cards: got " + cards + " = " + accepted + " + " + overridden + " + "
                        + ignored + ", expected non-negative counts that add up");
            }
        }

        /** @return accepted / cards, or NaN without cards */
        public double acceptedRate() {
            return cards == 0 ? Double.NaN : (double) accepted / cards;
        }

        /** @return overridden / cards, or NaN without cards */
        public double overriddenRate() {
            return cards == 0 ? Double.NaN : (double) overridden / cards;
        }
    }

    /**
     * @param jdbcUrl the store's JDBC URL
     * @return canonical rule spec → its Not On Track cards
     * @throws java.io.IOException when the store cannot be read (no driver, no store at that URL), with the reason
     */
    Map<String, RuleCards> notOnTrackCards(String jdbcUrl) throws java.io.IOException;

    /**
     * @param jdbcUrl a JDBC URL
     * @return the installed source's reading of it
     * @throws java.io.IOException as {@link #notOnTrackCards}, or when no source is installed
     */
    static Map<String, RuleCards> read(String jdbcUrl) throws java.io.IOException {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        for (FeedbackSource s : java.util.ServiceLoader.load(FeedbackSource.class)) {
            return s.notOnTrackCards(jdbcUrl);
        }
        throw new java.io.IOException("no feedback store reader is installed: put the CDS Hooks plugin jar "
                + "(rom-cds-plugin.jar) on the class path");
    }
}
