package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two {@code rom serve} nodes behind one load balancer, over one PostgreSQL server that the test starts and stops on
 * loopback (a real PostgreSQL 17, embedded from Maven): whatever a node remembers, every node knows.
 */
class TwoNodeTest {
    static EmbeddedPostgres postgres;
    static String url;
    static Ehr ehr;

    @BeforeAll
    static void up() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        url = postgres.getJdbcUrl("postgres", "postgres");
        ehr = new Ehr();
    }

    @AfterAll
    static void down() throws Exception {
        postgres.close();
    }

    static CdsService node(FeedbackStore store) throws Exception {
        return CdsService.builder().port(0).rule("deterioration-or-no-change").trust(Ehr.ISSUER, ehr.jwksUrl())
                .feedback(store).build().start();
    }

    @Test
    void aReportAFeedbackAndAUsedTokenAreKnownOnEveryNode() throws Exception {
        try (FeedbackStore storeA = FeedbackStore.open(url, null, null); FeedbackStore storeB = FeedbackStore.open(url, null, null);
                CdsService a = node(storeA); CdsService b = node(storeB)) {
            String hookA = a.base() + "/cds-services/openrom-patient-view";
            String hookB = b.base() + "/cds-services/openrom-patient-view";

            // the EHR signs for the balancer's URL; here each node is its own URL, so each gets its own audience
            HttpResponse<String> r = Ehr.post(hookA, ehr.token(hookA), Ehr.hook("p-21", Ehr.worsening("p-21", 2)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode cards = new ObjectMapper().readTree(r.body()).path("cards");
            String link = cards.get(cards.size() - 1).path("links").get(0).path("url").asText();
            String onB = b.base() + link.substring(link.indexOf("/reports/"));
            // a report link made on A opens on B
            HttpResponse<String> page = Ehr.get(onB);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<html");
            // a token used on A is refused on B (the same audience: one service behind one balancer URL)
            String once = ehr.token(hookB, ehr.key, Ehr.ISSUER, Instant.now(), 60, "shared-jti-1", null);
            assertThat(Ehr.post(hookB, once, Ehr.hook("p-22", Ehr.worsening("p-22", 0))).statusCode()).isEqualTo(200);
            String replayed = ehr.token(hookA, ehr.key, Ehr.ISSUER, Instant.now(), 60, "shared-jti-1", null);
            HttpResponse<String> replay = Ehr.post(hookA, replayed, Ehr.hook("p-22", Ehr.worsening("p-22", 0)));
            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(replay.body()).contains("jti replay");
            // feedback on A's card, sent to B, is stored once and counted
            String card = cards.get(cards.size() - 1).path("uuid").asText();
            String fbB = hookB + "/feedback";
            String body = "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"overrideReason\":"
                    + "{\"reason\":{\"code\":\"clinical-judgement\",\"system\":\"" + PatientView.OVERRIDE_SYSTEM + "\"}},"
                    + "\"outcomeTimestamp\":\"" + Instant.now() + "\"}]}";
            assertThat(Ehr.post(fbB, ehr.token(fbB), body).statusCode()).isEqualTo(200);
            List<FeedbackStore.RuleFeedback> summary = FeedbackStore.summary(url);
            FeedbackStore.RuleFeedback not = summary.stream().filter(x -> x.kind().equals("not")).findFirst().orElseThrow();
            assertThat(not.overridden()).isEqualTo(1);
        }
    }

    @Test
    void aNodeStoppedUnderLoadLosesAndDoublesNoFeedback() throws Exception {
        try (FeedbackStore storeA = FeedbackStore.open(url, null, null); FeedbackStore storeB = FeedbackStore.open(url, null, null)) {
            CdsService a = node(storeA);
            CdsService b = node(storeB);
            String hookA = a.base() + "/cds-services/openrom-patient-view";
            List<String> cards = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = Ehr.post(hookA, ehr.token(hookA), Ehr.hook("q-" + i, Ehr.worsening("q-" + i, 2)));
                JsonNode cs = new ObjectMapper().readTree(r.body()).path("cards");
                cards.add(cs.get(cs.size() - 1).path("uuid").asText());
            }
            // every card's feedback goes to A and, as an EHR retries, to B; A is stopped in the middle of it
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> toB = new ArrayList<>();
            try {
                for (int i = 0; i < cards.size(); i++) {
                    String body = "{\"feedback\":[{\"card\":\"" + cards.get(i) + "\",\"outcome\":\"accepted\","
                            + "\"outcomeTimestamp\":\"" + Instant.now().plusMillis(i) + "\"}]}";
                    String fbA = hookA + "/feedback";
                    String fbB = b.base() + "/cds-services/openrom-patient-view/feedback";
                    pool.submit(() -> {
                        try {
                            return Ehr.post(fbA, ehr.token(fbA), body).statusCode();
                        } catch (Exception stopped) {
                            return -1;
                        }
                    });
                    toB.add(pool.submit(() -> Ehr.post(fbB, ehr.token(fbB), body).statusCode()));
                    if (i == cards.size() / 2) {
                        a.close();
                    }
                }
                for (Future<Integer> f : toB) {
                    assertThat(f.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
                b.close();
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                    java.sql.PreparedStatement q = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT card_uuid) FROM "
                            + FeedbackStore.FEEDBACK_TABLE + " WHERE outcome = 'accepted' AND card_uuid = ANY (?)")) {
                q.setArray(1, c.createArrayOf("varchar", cards.toArray()));
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    rs.next();
                    // every card's feedback once: none lost (B took them all), none twice (A's copies are the same row)
                    assertThat(rs.getInt(1)).isEqualTo(cards.size());
                    assertThat(rs.getInt(2)).isEqualTo(cards.size());
                }
            }
        }
    }

    @Test
    void nodesStartingAtOnceOnAnEmptyDatabaseEachGetTheSchemaOnce() throws Exception {
        try (java.sql.Connection admin = java.sql.DriverManager.getConnection(url);
                java.sql.Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE DATABASE fresh");
        }
        String fresh = postgres.getJdbcUrl("postgres", "fresh");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<FeedbackStore>> opening = new ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                opening.add(pool.submit(() -> {
                    go.await();
                    return FeedbackStore.open(fresh, null, null, 2);
                }));
            }
            go.countDown();
            for (Future<FeedbackStore> f : opening) {
                f.get().close(); // every node opened its store
            }
        } finally {
            pool.shutdownNow();
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(fresh);
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM "
                        + StoreSchema.VERSION_TABLE)) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(StoreSchema.LATEST);
            assertThat(r.getInt(2)).isEqualTo(StoreSchema.LATEST);
            assertThat(r.getInt(3)).isEqualTo(StoreSchema.LATEST);
        }
    }
}
