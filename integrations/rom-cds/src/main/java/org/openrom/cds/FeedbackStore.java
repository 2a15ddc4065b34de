package org.openrom.cds;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Durable record of the cards the service issued and of what clinicians did with them (CDS Hooks feedback), through
 * JDBC: an embedded H2 file by default ({@code jdbc:h2:file:./openrom-feedback}), or the clinic's own database (any
 * JDBC URL whose driver is on the class path). Its tables, in portable SQL, are created and upgraded by versioned
 * migrations when the store is opened (recorded in {@code openrom_cds_schema}; a store newer than this code is refused):
 * {@code openrom_cds_card(uuid, service, kind, rule_spec, issued_at, subject_key)},
 * {@code openrom_cds_feedback(card_uuid, outcome, override_code, override_system, accepted_suggestions, outcome_at,
 * accepted_suggestion)}, {@code openrom_cds_secret(name, secret)}, and the report pages and used token ids every node
 * shares. No patient identifier, no free text (a clinician's override comment can
 * name the patient): only what research on the rules needs, and, for a critical card, a keyed digest of the answer it
 * is about ({@code subject_key}, HMAC-SHA256 with the store's random key), so that a critical answer keeps its card at
 * later visits until a clinician has given feedback on it. A card with no feedback counts as ignored. Thread-safe:
 * each call borrows a connection from the store's pool (HikariCP), so concurrent requests do not queue on one.
 */
public final class FeedbackStore implements AutoCloseable {
    /** The card table. */
    public static final String CARD_TABLE = "openrom_cds_card";
    /** The feedback table. */
    public static final String FEEDBACK_TABLE = "openrom_cds_feedback";

    /** The table holding the store's card key. */
    public static final String SECRET_TABLE = "openrom_cds_secret";
    /** The NOT reports that cards link to, by token, until they expire: every node serves every link. */
    public static final String REPORT_TABLE = "openrom_cds_report";
    /** The JWT ids (issuer and jti) seen, until their token expires: a token used on one node is refused on all. */
    public static final String JTI_TABLE = "openrom_cds_jti";
    /** The connections a store opens at most, by default (each node; a request holds one for a few statements). */
    public static final int DEFAULT_CONNECTIONS = 8;
    private final HikariDataSource pool;
    private final byte[] secret;

    private FeedbackStore(HikariDataSource pool, byte[] secret) {
        this.pool = pool;
        this.secret = secret;
    }

    /**
     * Opens (and creates, when absent) the store.
     *
     * @param jdbcUrl a JDBC URL, e.g. {@code jdbc:h2:file:/var/lib/openrom/feedback}
     * @param user the database user, or null
     * @param password the password, or null
     * @return the store
     * @throws SQLException when the database cannot be opened or the tables not created
     */
    public static FeedbackStore open(String jdbcUrl, String user, String password) throws SQLException {
        return open(jdbcUrl, user, password, DEFAULT_CONNECTIONS);
    }

    /**
     * Opens (and creates, when absent) the store, with a pool of at most {@code connections} connections: concurrent
     * requests do not wait for one another's statements, and a connection the database dropped (a restart, a
     * fail-over) is replaced.
     *
     * @param jdbcUrl a JDBC URL
     * @param user the database user, or null
     * @param password the password, or null
     * @param connections the most connections this store holds, at least 1
     * @return the store
     * @throws SQLException when the database cannot be opened or the tables not created
     */
    public static FeedbackStore open(String jdbcUrl, String user, String password, int connections) throws SQLException {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (connections < 1) {
            throw new IllegalArgumentException("connections: got " + connections + ", expected at least 1");
        }
        // the first connection says why a store cannot be opened (without the URL's secrets), and creates the tables;
        // it stays open until the pool has its own, so that an in-memory database lives on
        try (Connection c = connect(jdbcUrl, user, password)) {
            StoreSchema.migrate(c);
            byte[] key = secret(c);
            return new FeedbackStore(pool(jdbcUrl, user, password, connections), key);
        }
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password, int connections)
            throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("openrom-cds-store");
        config.setJdbcUrl(effectiveUrl(jdbcUrl));
        if (user != null) {
            config.setUsername(user);
            config.setPassword(password);
        }
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(Math.min(2, connections));
        // a request waits this long for a connection, then fails (a token is then refused, never accepted unchecked)
        config.setConnectionTimeout(3_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new SQLException("cannot open the feedback store " + redact(jdbcUrl) + ": its connection pool did not "
                    + "start (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The store's key for {@link #key}: made once, at random, and kept in the store (so every node shares it). */
    private static byte[] secret(Connection c) throws SQLException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement q = c.prepareStatement("SELECT secret FROM " + SECRET_TABLE + " WHERE name = 'card-key'");
                    ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    return java.util.HexFormat.of().parseHex(r.getString(1));
                }
            }
            byte[] fresh = new byte[32];
            new java.security.SecureRandom().nextBytes(fresh);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + SECRET_TABLE + " (name, secret) VALUES ('card-key', ?)")) {
                p.setString(1, java.util.HexFormat.of().formatHex(fresh));
                p.executeUpdate();
                return fresh;
            } catch (SQLException raced) {
                // another node made it first: read theirs
            }
        }
        throw new SQLException("cannot read or make the card key in " + SECRET_TABLE);
    }

    /**
     * A keyed digest of what a card is about (a patient's critical answer), so that feedback on it can be found again
     * without storing the patient or the answer: HMAC-SHA256 with the store's own random key.
     *
     * @param material what the card is about
     * @return 64 hex digits
     */
    String key(String material) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(material.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Keeps a report page for its link, until it expires; expired pages are removed now and then.
     *
     * @param token the link's token
     * @param html the page
     * @param expires when the link stops working
     * @throws SQLException on database errors
     */
    void putReport(String token, String html, Instant expires) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO " + REPORT_TABLE
                    + " (token, html, expires_at) VALUES (?, ?, ?)")) {
                p.setString(1, token);
                p.setString(2, html);
                p.setTimestamp(3, Timestamp.from(expires));
                p.executeUpdate();
            }
            if (java.util.concurrent.ThreadLocalRandom.current().nextInt(64) == 0) {
                purge(connection, Instant.now());
            }
        }
    }

    /**
     * @param token a link's token
     * @param now the time
     * @return the page, while its link has not expired
     * @throws SQLException on database errors
     */
    java.util.Optional<String> report(String token, Instant now) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement q = connection.prepareStatement("SELECT html FROM " + REPORT_TABLE
                    + " WHERE token = ? AND expires_at > ?")) {
                q.setString(1, token);
                q.setTimestamp(2, Timestamp.from(now));
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? java.util.Optional.of(r.getString(1)) : java.util.Optional.empty();
                }
            }
        }
    }

    /**
     * Records a JWT's first use, atomically across every node of the store.
     *
     * @param id the issuer and the token's jti
     * @param expires the token's expiry: the id is kept until then
     * @return true the first time, false when the token was used before (on any node)
     * @throws SQLException on database errors other than the duplicate
     */
    boolean firstUse(String id, Instant expires) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO " + JTI_TABLE + " (id, expires_at) VALUES (?, ?)")) {
                p.setString(1, id);
                p.setTimestamp(2, Timestamp.from(expires));
                p.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState()) || "23001".equals(e.getSQLState())) {
                    return false; // a unique violation: the id is there
                }
                throw e;
            }
            if (java.util.concurrent.ThreadLocalRandom.current().nextInt(256) == 0) {
                purge(connection, Instant.now());
            }
            return true;
        }
    }

    /** Removes the report pages and token ids whose time is over. */
    private static void purge(Connection connection, Instant now) throws SQLException {
        for (String table : new String[] {REPORT_TABLE, JTI_TABLE}) {
            try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + table + " WHERE expires_at < ?")) {
                p.setTimestamp(1, Timestamp.from(now.minusSeconds(60)));
                p.executeUpdate();
            }
        }
    }

    /**
     * @param keys card keys ({@link #key})
     * @return those of them that a clinician has given feedback on (accepted or overridden) for any card, each with the
     *     first feedback's outcome and time
     * @throws SQLException on database errors
     */
    java.util.Map<String, Acknowledged> acknowledged(java.util.Collection<String> keys) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            java.util.Map<String, Acknowledged> out = new java.util.HashMap<>();
            try (PreparedStatement q = connection.prepareStatement("SELECT f.outcome, f.outcome_at FROM " + CARD_TABLE
                    + " c JOIN " + FEEDBACK_TABLE + " f ON f.card_uuid = c.uuid WHERE c.subject_key = ? ORDER BY f.outcome_at "
                    + "FETCH FIRST 1 ROWS ONLY")) {
                for (String k : new java.util.TreeSet<>(keys)) {
                    q.setString(1, k);
                    try (ResultSet r = q.executeQuery()) {
                        if (r.next()) {
                            out.put(k, new Acknowledged(r.getString(1), r.getTimestamp(2).toInstant()));
                        }
                    }
                }
            }
            return out;
        }
    }

    /**
     * The first feedback on a card about a subject.
     *
     * @param outcome {@code accepted} or {@code overridden}
     * @param at when
     */
    record Acknowledged(String outcome, Instant at) {
    }

    /** A card as issued. */
    record Card(String uuid, String service, String kind, String ruleSpec, Instant issuedAt, String subjectKey) {
        Card(String uuid, String service, String kind, String ruleSpec, Instant issuedAt) {
            this(uuid, service, kind, ruleSpec, issuedAt, null);
        }
    }

    /** Records issued cards. */
    void cards(List<Card> cards) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            if (cards.isEmpty()) {
                return;
            }
            // a card already recorded (the chart opened again, on any node) is skipped without an error; two nodes
            // inserting the same new card at once still meet the key, and the second is told so
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO " + CARD_TABLE
                    + " (uuid, service, kind, rule_spec, issued_at, subject_key) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM " + CARD_TABLE + " WHERE uuid = ?)")) {
                for (Card c : cards) {
                    p.setString(1, c.uuid());
                    p.setString(2, c.service());
                    p.setString(3, c.kind());
                    p.setString(4, c.ruleSpec());
                    p.setTimestamp(5, Timestamp.from(c.issuedAt()));
                    p.setString(6, c.subjectKey());
                    p.setString(7, c.uuid());
                    try {
                        p.executeUpdate();
                    } catch (SQLException e) {
                        if (!"23505".equals(e.getSQLState()) && !"23001".equals(e.getSQLState())) {
                            throw e;
                        }
                        // the same card inserted by another node in the same instant: recorded once, when first issued
                    }
                }
            }
        }
    }

    /**
     * What a clinician did with a card.
     *
     * @param acceptedSuggestions how many suggestions were accepted: 0 or 1 (the cards offer at most one)
     * @param acceptedSuggestion the uuid of the accepted suggestion, or null
     */
    record Feedback(String card, String outcome, String overrideCode, String overrideSystem, int acceptedSuggestions,
            Instant at, String acceptedSuggestion) {
        Feedback(String card, String outcome, String overrideCode, String overrideSystem, int acceptedSuggestions,
                Instant at) {
            this(card, outcome, overrideCode, overrideSystem, acceptedSuggestions, at, null);
        }
    }

    /**
     * Records feedback; feedback on a card this service did not issue, given before the card was issued, or the same
     * feedback twice, is not stored.
     *
     * @return how many were stored
     */
    int feedback(List<Feedback> items) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            int stored = 0;
            for (Feedback f : items) {
                try (PreparedStatement known = connection.prepareStatement("SELECT issued_at FROM " + CARD_TABLE
                        + " WHERE uuid = ?")) {
                    known.setString(1, f.card());
                    try (ResultSet r = known.executeQuery()) {
                        // a card this service did not issue, or an answer before the card existed, is not possible
                        if (!r.next() || f.at().isBefore(r.getTimestamp(1).toInstant().minus(FeedbackRequest.SKEW))) {
                            continue;
                        }
                    }
                }
                try (PreparedStatement dup = connection.prepareStatement("SELECT 1 FROM " + FEEDBACK_TABLE
                        + " WHERE card_uuid = ? AND outcome = ? AND outcome_at = ?")) {
                    dup.setString(1, f.card());
                    dup.setString(2, f.outcome());
                    dup.setTimestamp(3, Timestamp.from(f.at()));
                    try (ResultSet r = dup.executeQuery()) {
                        if (r.next()) {
                            continue;
                        }
                    }
                }
                try (PreparedStatement p = connection.prepareStatement("INSERT INTO " + FEEDBACK_TABLE
                        + " (card_uuid, outcome, override_code, override_system, accepted_suggestions, outcome_at, "
                        + "accepted_suggestion) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, f.card());
                    p.setString(2, f.outcome());
                    p.setString(3, f.overrideCode());
                    p.setString(4, f.overrideSystem());
                    p.setInt(5, f.acceptedSuggestions());
                    p.setTimestamp(6, Timestamp.from(f.at()));
                    p.setString(7, f.acceptedSuggestion());
                    p.executeUpdate();
                    stored++;
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState()) && !"23001".equals(e.getSQLState())) {
                        throw e;
                    }
                    // another node stored the same feedback between the check and the insert: it is there once
                }
            }
            return stored;
        }
    }

    /**
     * What clinicians did with one rule's cards (or the critical-item cards, {@code rule} = the alert code).
     *
     * @param kind {@code not} or {@code critical}
     * @param rule the rule's canonical spec, or the alert's code
     * @param cards cards issued
     * @param accepted cards accepted (at least once)
     * @param overridden cards overridden (and not accepted)
     * @param ignored cards with no feedback
     * @param overrideReasons override reason code -> count
     */
    public record RuleFeedback(String kind, String rule, int cards, int accepted, int overridden, int ignored,
            Map<String, Integer> overrideReasons) {
        /** Copies. */
        public RuleFeedback {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(rule, "rule");
            overrideReasons = Map.copyOf(Objects.requireNonNull(overrideReasons, "overrideReasons"));
        }
    }

    /**
     * @return per kind and rule, how often its cards were accepted, overridden (with the reasons) or ignored
     * @throws SQLException on database errors
     */
    public List<RuleFeedback> summary() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return summary(connection);
        }
    }

    /**
     * Reads a store's summary without opening it as a store (nothing is created): what {@code rom compare --feedback}
     * reads, through {@code org.openrom.cds.cli.CdsFeedbackSource} (rom-cds-cli).
     *
     * @param jdbcUrl the store's JDBC URL
     * @return as {@link #summary()}
     * @throws SQLException when there is no store at that URL, or it cannot be read
     */
    public static List<RuleFeedback> summary(String jdbcUrl) throws SQLException {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        // a reader never creates a store: a mistyped H2 path is an error, not a new empty database
        String existing = jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS")
                ? jdbcUrl + ";IFEXISTS=TRUE" : jdbcUrl;
        try (Connection c = connect(existing, null, null)) {
            return summary(c);
        }
    }

    /**
     * Connects, and on failure says why without the URL's secrets: a password in the URL (a {@code password=} parameter
     * or {@code user:password@}) never reaches a message, a log or a stack trace.
     */
    private static Connection connect(String url, String user, String password) throws SQLException {
        String jdbcUrl = effectiveUrl(url);
        try {
            return user == null ? DriverManager.getConnection(jdbcUrl) : DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (password != null && !password.isEmpty()) {
                why = why.replace(password, "***");
            }
            throw new SQLException("cannot open the feedback store " + redact(jdbcUrl) + ": " + redact(why)
                    .replace(jdbcUrl, redact(jdbcUrl)), e.getSQLState(), e.getErrorCode());
        }
    }

    /**
     * The URL as opened: an H2 file in automatic mixed mode, so that the service holds it and {@code rom compare
     * --feedback} in another process reads it through the service's process instead of failing on the file lock.
     */
    private static String effectiveUrl(String url) {
        return url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER")
                ? url + ";AUTO_SERVER=TRUE" : url;
    }

    /**
     * @param text a JDBC URL, or a message that may hold one
     * @return the text with every password in it replaced by {@code ***}
     */
    static String redact(String text) {
        return text.replaceAll("(?i)(password|pwd|passwd)=[^&;\\s]*", "$1=***")
                .replaceAll("(//[^/@:\\s]+):[^/@\\s]*@", "$1:***@");
    }

    private static List<RuleFeedback> summary(Connection connection) throws SQLException {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Map<String, Integer>> reasons = new TreeMap<>();
        String sql = "SELECT c.kind, c.rule_spec, c.uuid, "
                + "MAX(CASE WHEN f.outcome = 'accepted' THEN 1 ELSE 0 END), "
                + "MAX(CASE WHEN f.outcome = 'overridden' THEN 1 ELSE 0 END) FROM " + CARD_TABLE + " c LEFT JOIN "
                + FEEDBACK_TABLE + " f ON f.card_uuid = c.uuid GROUP BY c.kind, c.rule_spec, c.uuid";
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                int[] c = counts.computeIfAbsent(r.getString(1) + "\u0000" + r.getString(2), k -> new int[4]);
                c[0]++;
                boolean accepted = r.getInt(4) == 1;
                boolean overridden = r.getInt(5) == 1;
                c[accepted ? 1 : overridden ? 2 : 3]++;
            }
        }
        String why = "SELECT c.kind, c.rule_spec, f.override_code, COUNT(*) FROM " + CARD_TABLE + " c JOIN " + FEEDBACK_TABLE
                + " f ON f.card_uuid = c.uuid WHERE f.outcome = 'overridden' AND f.override_code IS NOT NULL "
                + "GROUP BY c.kind, c.rule_spec, f.override_code";
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(why)) {
            while (r.next()) {
                reasons.computeIfAbsent(r.getString(1) + "\u0000" + r.getString(2), k -> new TreeMap<>())
                        .put(r.getString(3), r.getInt(4));
            }
        }
        List<RuleFeedback> out = new ArrayList<>();
        counts.forEach((k, c) -> {
            String[] parts = k.split("\u0000", 2);
            out.add(new RuleFeedback(parts[0], parts[1], c[0], c[1], c[2], c[3], reasons.getOrDefault(k, Map.of())));
        });
        return out;
    }

    @Override
    public void close() throws SQLException {
        pool.close();
    }
}
