package org.openrom.cds;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The NOT report pages the cards link to, for {@link CdsService#REPORT_LIFETIME}: in the shared store when there is
 * one (every node serves every link), else in this node's memory (the newest 10,000).
 */
final class ReportPages {
    private static final int KEPT_IN_MEMORY = 10_000;
    private final FeedbackStore store;
    private final Clock clock;
    private final Map<String, Page> memory = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Page> eldest) {
            return size() > KEPT_IN_MEMORY;
        }
    };

    private record Page(String html, Instant expires) {
    }

    /** @param store the shared store, or null for memory */
    ReportPages(FeedbackStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void put(String token, String html) throws SQLException {
        Instant expires = clock.instant().plus(CdsService.REPORT_LIFETIME);
        if (store != null) {
            store.putReport(token, html, expires);
            return;
        }
        synchronized (memory) {
            memory.put(token, new Page(html, expires));
        }
    }

    /** A page, while its link lives. */
    Optional<String> get(String token) throws SQLException {
        if (store != null) {
            return store.report(token, clock.instant());
        }
        Page page;
        synchronized (memory) {
            page = memory.get(token);
        }
        return page == null || clock.instant().isAfter(page.expires()) ? Optional.empty() : Optional.of(page.html());
    }
}
