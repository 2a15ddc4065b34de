package org.openrom.cds;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes cards and feedback into a feedback store as the service would, for tests of the store's readers in other
 * modules ({@code rom compare --feedback} in rom-cds-cli). Shipped in rom-cds's test-jar only.
 */
public final class FeedbackFixture {
    /** The override reason system the service uses. */
    public static final String OVERRIDE_SYSTEM = PatientView.OVERRIDE_SYSTEM;

    private FeedbackFixture() {
    }

    /**
     * Stores one card per entry of {@code cards} ({@code uuid, kind, rule}) and one outcome per entry of
     * {@code outcomes} ({@code uuid, outcome, reason or null}), all at {@code at}.
     *
     * @param jdbcUrl the store
     * @param at when the cards were issued
     * @param cards card uuid, kind ({@code not}, {@code critical}) and rule spec or item
     * @param outcomes card uuid, outcome ({@code accepted}, {@code overridden}) and override reason or null
     * @throws SQLException when the store cannot be written
     */
    public static void write(String jdbcUrl, Instant at, List<String[]> cards, List<String[]> outcomes)
            throws SQLException {
        try (FeedbackStore s = FeedbackStore.open(jdbcUrl, null, null)) {
            s.cards(cards.stream().map(c -> new FeedbackStore.Card(c[0], PatientView.ID, c[1], c[2], at)).toList());
            s.feedback(outcomes.stream().map(o -> new FeedbackStore.Feedback(o[0], o[1], o[2],
                    o[2] == null ? null : PatientView.OVERRIDE_SYSTEM, o[1].equals("accepted") ? 1 : 0,
                    at.plusSeconds(5))).toList());
        }
    }
}
