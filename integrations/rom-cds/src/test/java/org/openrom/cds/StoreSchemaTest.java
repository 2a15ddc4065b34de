package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's schema is versioned: a new store gets every step, an old one the steps it lacks, a newer one is refused. */
class StoreSchemaTest {
    @TempDir
    Path tmp;

    private String url(String name) {
        return "jdbc:h2:file:" + tmp.resolve(name).toAbsolutePath();
    }

    private static List<Integer> versions(String url) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT version FROM " + StoreSchema.VERSION_TABLE + " ORDER BY version")) {
            while (r.next()) {
                out.add(r.getInt(1));
            }
        }
        return out;
    }

    @Test
    void aNewStoreRecordsEveryStepOnce() throws SQLException {
        String url = url("new");
        FeedbackStore.open(url, null, null).close();
        FeedbackStore.open(url, null, null).close(); // opened again: nothing to do
        assertThat(versions(url)).containsExactly(1, 2, 3, 4, 5).hasSize(StoreSchema.LATEST);
    }

    @Test
    void aStoreMadeBeforeTheVersionsIsUpgradedAndKeepsItsRows() throws SQLException {
        String url = url("old");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : StoreSchema.migrations("CLOB").get(0).statements()) {
                s.executeUpdate(sql); // the first release's tables, with no version table
            }
            s.executeUpdate("INSERT INTO " + FeedbackStore.CARD_TABLE + " (uuid, service, kind, rule_spec, issued_at) VALUES "
                    + "('c-1', 'openrom-patient-view', 'not', 'r', TIMESTAMP '2026-01-05 10:00:00')");
        }
        try (FeedbackStore store = FeedbackStore.open(url, null, null)) {
            // the upgraded tables take what the later steps added: a subject key, an accepted suggestion, a page, a token id
            store.cards(List.of(new FeedbackStore.Card("c-2", PatientView.ID, "critical", "phq9-self-harm", Instant.now(),
                    store.key("x"))));
            store.putReport("t-1", "<html></html>", Instant.now().plusSeconds(60));
            assertThat(store.firstUse("1:i" + "j", Instant.now().plusSeconds(60))).isTrue();
            assertThat(store.summary().stream().mapToInt(FeedbackStore.RuleFeedback::cards).sum()).isEqualTo(2);
        }
        assertThat(versions(url)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aStoreNewerThanThisCodeIsRefusedAndLeftAlone() throws SQLException {
        String url = url("newer");
        FeedbackStore.open(url, null, null).close();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + StoreSchema.VERSION_TABLE + " (version, description, applied_at) VALUES ("
                    + (StoreSchema.LATEST + 1) + ", 'from the future', CURRENT_TIMESTAMP)");
        }
        assertThatThrownBy(() -> FeedbackStore.open(url, null, null)).isInstanceOf(SQLException.class)
                .hasMessageContaining("schema is at version " + (StoreSchema.LATEST + 1))
                .hasMessageContaining("newer than this OpenROM knows (" + StoreSchema.LATEST + ")");
        assertThat(versions(url)).hasSize(StoreSchema.LATEST + 1);
    }
}
