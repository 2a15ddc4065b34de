package org.openrom.cds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The feedback store's schema, in one place and versioned: an ordered list of migrations, each applied once and
 * recorded in {@value #VERSION_TABLE} (version, what it did, when). Every statement is portable SQL that PostgreSQL and
 * H2 both run ({@code IF NOT EXISTS}), so a step that was half applied, or applied by a store made before the
 * versions were recorded, runs again harmlessly. A store whose schema is newer than this code knows is refused, so an
 * old node never writes into tables it does not understand.
 */
final class StoreSchema {
    /** The table of applied migrations. */
    static final String VERSION_TABLE = "openrom_cds_schema";

    /** One step of the schema. */
    record Migration(int version, String description, List<String> statements) {
    }

    private StoreSchema() {
    }

    /** @param text the large-text column type: TEXT (PostgreSQL) or CLOB (H2 and others) */
    static List<Migration> migrations(String text) {
        String card = FeedbackStore.CARD_TABLE;
        String feedback = FeedbackStore.FEEDBACK_TABLE;
        String report = FeedbackStore.REPORT_TABLE;
        String jti = FeedbackStore.JTI_TABLE;
        return List.of(
                new Migration(1, "cards, feedback and the card key", List.of(
                        "CREATE TABLE IF NOT EXISTS " + card + " (uuid VARCHAR(36) NOT NULL PRIMARY KEY, service VARCHAR(64) "
                                + "NOT NULL, kind VARCHAR(16) NOT NULL, rule_spec VARCHAR(2000) NOT NULL, issued_at TIMESTAMP "
                                + "NOT NULL)",
                        "CREATE TABLE IF NOT EXISTS " + FeedbackStore.SECRET_TABLE + " (name VARCHAR(32) NOT NULL PRIMARY KEY, "
                                + "secret VARCHAR(64) NOT NULL)",
                        "CREATE TABLE IF NOT EXISTS " + feedback + " (card_uuid VARCHAR(36) NOT NULL, outcome VARCHAR(16) NOT "
                                + "NULL, override_code VARCHAR(200), override_system VARCHAR(500), accepted_suggestions INTEGER "
                                + "NOT NULL, outcome_at TIMESTAMP NOT NULL, PRIMARY KEY (card_uuid, outcome, outcome_at))")),
                new Migration(2, "a critical card's subject key (keyed digest)", List.of(
                        "ALTER TABLE " + card + " ADD COLUMN IF NOT EXISTS subject_key VARCHAR(64)")),
                new Migration(3, "the uuid of the accepted suggestion", List.of(
                        "ALTER TABLE " + feedback + " ADD COLUMN IF NOT EXISTS accepted_suggestion VARCHAR(36)")),
                new Migration(4, "report pages and used token ids, shared by every node", List.of(
                        "CREATE TABLE IF NOT EXISTS " + report + " (token VARCHAR(64) NOT NULL PRIMARY KEY, html " + text
                                + " NOT NULL, expires_at TIMESTAMP NOT NULL)",
                        "CREATE TABLE IF NOT EXISTS " + jti + " (id VARCHAR(700) NOT NULL PRIMARY KEY, expires_at TIMESTAMP "
                                + "NOT NULL)")),
                new Migration(5, "indexes on each request's lookup and on the purges", List.of(
                        "CREATE INDEX IF NOT EXISTS " + card + "_subject ON " + card + " (subject_key)",
                        "CREATE INDEX IF NOT EXISTS " + report + "_expires ON " + report + " (expires_at)",
                        "CREATE INDEX IF NOT EXISTS " + jti + "_expires ON " + jti + " (expires_at)")));
    }

    /** The newest version this code knows. */
    static final int LATEST = migrations("CLOB").size();

    /**
     * Brings the store up to {@link #LATEST}: the steps it lacks, in order. A step is one transaction that first
     * records its version, so that of several nodes starting at once exactly one applies it: on PostgreSQL the others
     * wait for that transaction and then find the version taken, read the versions again and go on. (H2 commits each
     * table change at once; an H2 store has one node.)
     *
     * @return the version the store was at before
     * @throws SQLException when the store is newer than this code, or a step fails
     */
    static int migrate(Connection c) throws SQLException {
        String text = "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName()) ? "TEXT" : "CLOB";
        List<Migration> steps = migrations(text);
        versionTable(c);
        int before = version(c);
        if (before > steps.size()) {
            throw new SQLException("the feedback store's schema is at version " + before + ", newer than this OpenROM "
                    + "knows (" + steps.size() + "): run the OpenROM that upgraded it, or a later one");
        }
        boolean autoCommit = c.getAutoCommit();
        try {
            c.setAutoCommit(false);
            // each pass applies one step or learns that another node did; a bound instead of trusting that forever
            for (int pass = 0, current = before; current < steps.size(); pass++, current = version(c)) {
                if (pass > 4 * steps.size()) {
                    throw new SQLException("the feedback store's schema did not reach version " + steps.size());
                }
                apply(c, steps.get(current));
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return before;
    }

    /** The table of versions, created by the first node (another node creating it at the same time is no error). */
    private static void versionTable(Connection c) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INTEGER NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
                return;
            } catch (SQLException e) {
                if (attempt >= 3 || !duplicate(e)) {
                    throw e;
                }
            }
        }
    }

    /** One step in one transaction, its version first; a version another node took first is no error. */
    private static void apply(Connection c, Migration m) throws SQLException {
        try {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + VERSION_TABLE
                    + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, m.version());
                p.setString(2, m.description());
                p.setTimestamp(3, Timestamp.from(Instant.now()));
                p.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                for (String sql : m.statements()) {
                    s.executeUpdate(sql);
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (!duplicate(e)) {
                throw e;
            }
        }
    }

    /** A unique violation, or a table or type another node created at the same instant (PostgreSQL 42P07, 42710). */
    private static boolean duplicate(SQLException e) {
        return "23505".equals(e.getSQLState()) || "23001".equals(e.getSQLState()) || "42P07".equals(e.getSQLState())
                || "42710".equals(e.getSQLState());
    }

    /** The newest version applied to the store (0: none recorded). */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            r.next();
            return r.getInt(1);
        }
    }
}
