package org.openrom.cds.cli;

import org.openrom.cds.FeedbackStore;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.openrom.cli.spi.FeedbackSource;

/**
 * {@code rom compare --feedback}'s reading of the CDS feedback store, by the module that owns its tables
 * ({@link FeedbackStore}): per rule, the Not On Track cards issued, accepted, overridden and ignored.
 */
public final class CdsFeedbackSource implements FeedbackSource {
    /** For {@link java.util.ServiceLoader}. */
    public CdsFeedbackSource() {
    }

    @Override
    public Map<String, RuleCards> notOnTrackCards(String jdbcUrl) throws java.io.IOException {
        java.util.Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Map<String, RuleCards> out = new TreeMap<>();
        java.util.List<FeedbackStore.RuleFeedback> summary;
        try {
            summary = FeedbackStore.summary(jdbcUrl);
        } catch (SQLException e) {
            throw new java.io.IOException(e.getMessage(), e);
        }
        for (FeedbackStore.RuleFeedback f : summary) {
            if (f.kind().equals("not")) {
                out.put(f.rule(), new RuleCards(f.cards(), f.accepted(), f.overridden(), f.ignored()));
            }
        }
        return out;
    }
}
