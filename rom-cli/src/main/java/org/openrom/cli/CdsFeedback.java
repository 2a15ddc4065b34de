package org.openrom.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What clinicians did with each rule's Not On Track cards, read from the feedback store of the CDS Hooks service
 * ({@code rom serve}, rom-cds) over JDBC: cards issued, accepted, overridden, ignored (no feedback), per canonical rule
 * spec. The JDBC driver (H2 for the default store) comes with the rom-cds plugin jar or the clinic's database.
 */
final class CdsFeedback {
    /** Cards, accepted, overridden and ignored of one rule. */
    record Counts(int cards, int accepted, int overridden, int ignored) {
        /** @return accepted / cards, or NaN without cards */
        double acceptedRate() {
            return cards == 0 ? Double.NaN : (double) accepted / cards;
        }

        /** @return overridden / cards, or NaN without cards */
        double overriddenRate() {
            return cards == 0 ? Double.NaN : (double) overridden / cards;
        }
    }

    private CdsFeedback() {
    }

    /**
     * @param jdbcUrl the store's JDBC URL
     * @return rule spec -> counts, for NOT cards
     * @throws SQLException when the store cannot be read (no driver, no tables)
     */
    static Map<String, Counts> read(String jdbcUrl) throws SQLException {
        Map<String, int[]> c = new TreeMap<>();
        String sql = "SELECT c.rule_spec, c.uuid, MAX(CASE WHEN f.outcome = 'accepted' THEN 1 ELSE 0 END), "
                + "MAX(CASE WHEN f.outcome = 'overridden' THEN 1 ELSE 0 END) FROM openrom_cds_card c LEFT JOIN "
                + "openrom_cds_feedback f ON f.card_uuid = c.uuid WHERE c.kind = 'not' GROUP BY c.rule_spec, c.uuid";
        try (Connection con = DriverManager.getConnection(jdbcUrl); Statement s = con.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                int[] x = c.computeIfAbsent(r.getString(1), k -> new int[4]);
                x[0]++;
                x[r.getInt(3) == 1 ? 1 : r.getInt(4) == 1 ? 2 : 3]++;
            }
        }
        Map<String, Counts> out = new TreeMap<>();
        c.forEach((k, x) -> out.put(k, new Counts(x[0], x[1], x[2], x[3])));
        return out;
    }
}
