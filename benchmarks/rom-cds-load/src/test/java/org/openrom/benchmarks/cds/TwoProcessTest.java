package org.openrom.benchmarks.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code rom serve} processes, as an operator runs them (the packaged jars), over one real PostgreSQL 17 that the
 * test starts on loopback: a report link and a used token are known on both, and a node killed (SIGKILL) in the
 * middle of a stream of feedback loses and doubles nothing.
 */
@Tag("slow")
class TwoProcessTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;

    @Test
    void twoNodesOverOneDatabaseActAsOneServiceAndAKilledNodeLosesNothing() throws Exception {
        Path rom = ROOT.resolve("apps/rom-cli/target/rom.jar");
        Path plugin = ROOT.resolve("apps/rom-cds-cli/target/rom-cds-plugin.jar");
        assumeThat(Files.exists(rom) && Files.exists(plugin)).as("the jars (built by mvn verify from the root)").isTrue();
        String classPath = rom + java.io.File.pathSeparator + plugin;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start(); LoadEhr ehr = new LoadEhr()) {
            String db = postgres.getJdbcUrl("postgres", "postgres");
            List<String> serve = List.of("--port", "0", "--rule", "deterioration-or-no-change", "--trust", ehr.trust(),
                    "--feedback-db", db);
            try (ServerProcess a = ServerProcess.start(classPath, List.of(), serve, tmp.resolve("a.log"));
                    ServerProcess b = ServerProcess.start(classPath, List.of(), serve, tmp.resolve("b.log"))) {
                List<String> cards = sharedState(ehr, a, b);
                killedMidStream(ehr, a, b, cards, db);
            }
        }
    }

    /** A report and a used token are known on both nodes; returns the NOT cards A issued. */
    private List<String> sharedState(LoadEhr ehr, ServerProcess a, ServerProcess b) throws Exception {
        String hookA = a.base() + "/cds-services/openrom-patient-view";
        String hookB = b.base() + "/cds-services/openrom-patient-view";
        List<String> bodies = LoadEhr.bodies(20);
        List<String> cards = new ArrayList<>();
        String link = null;
        for (String body : bodies) {
            HttpResponse<String> r = post(hookA, ehr.token(hookA, java.util.UUID.randomUUID().toString()), body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode issued = JSON.readTree(r.body()).path("cards");
            if (issued.isEmpty()) {
                continue; // a steady patient: nothing to show
            }
            JsonNode last = issued.path(issued.size() - 1);
            cards.add(last.path("uuid").asText());
            link = last.path("links").path(0).path("url").asText(link);
        }
        assertThat(cards).hasSize(bodies.size() / 2).doesNotHaveDuplicates();
        // a report link made on A opens on B
        HttpResponse<String> page = get(b.base() + link.substring(link.indexOf("/reports/")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        // a token used on B is refused on A (one service behind one balancer: the same jti)
        assertThat(post(hookB, ehr.token(hookB, "shared-jti"), bodies.get(1)).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = post(hookA, ehr.token(hookA, "shared-jti"), bodies.get(1));
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("jti replay");
        return cards;
    }

    /** Each card's feedback goes to A and, as an EHR retries, to B; A is killed half-way. */
    private void killedMidStream(LoadEhr ehr, ServerProcess a, ServerProcess b, List<String> cards, String db)
            throws Exception {
        String fbA = a.base() + "/cds-services/openrom-patient-view/feedback";
        String fbB = b.base() + "/cds-services/openrom-patient-view/feedback";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> toB = new ArrayList<>();
        Instant at = Instant.now();
        try {
            for (int i = 0; i < cards.size(); i++) {
                String body = "{\"feedback\":[{\"card\":\"" + cards.get(i) + "\",\"outcome\":\"accepted\","
                        + "\"outcomeTimestamp\":\"" + at.plusMillis(i) + "\"}]}";
                String tokenA = ehr.token(fbA, java.util.UUID.randomUUID().toString());
                String tokenB = ehr.token(fbB, java.util.UUID.randomUUID().toString());
                pool.submit(() -> {
                    try {
                        return post(fbA, tokenA, body).statusCode();
                    } catch (java.io.IOException killed) {
                        return -1;
                    }
                });
                toB.add(pool.submit(() -> post(fbB, tokenB, body).statusCode()));
                if (i == cards.size() / 2) {
                    a.kill();
                }
            }
            for (Future<Integer> f : toB) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(db);
                PreparedStatement q = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT card_uuid) FROM openrom_cds_feedback "
                        + "WHERE outcome = 'accepted' AND card_uuid = ANY (?)")) {
            q.setArray(1, c.createArrayOf("varchar", cards.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                // every card's feedback once: none lost (B took them all), none twice (A's copies are the same rows)
                assertThat(rs.getInt(2)).isEqualTo(new java.util.HashSet<>(cards).size());
                assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2));
            }
        }
    }

    private HttpResponse<String> post(String url, String token, String body) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
