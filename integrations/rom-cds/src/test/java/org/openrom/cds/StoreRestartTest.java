package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database restarts under a running node (an update, a fail-over): the node's store replaces the connections the
 * restart broke, so that the service answers again without being restarted itself. Over a real PostgreSQL 17 that the
 * test starts, stops and starts again on the same loopback port and data.
 */
class StoreRestartTest {
    @TempDir
    Path data;

    @Test
    void aNodeAnswersAgainAfterItsDatabaseRestarted() throws Exception {
        EmbeddedPostgres first = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        int port = first.getPort();
        String url = first.getJdbcUrl("postgres", "postgres");
        EmbeddedPostgres second = null;
        try (Ehr ehr = new Ehr(); FeedbackStore store = FeedbackStore.open(url, null, null, 2);
                CdsService node = CdsService.builder().port(0).rule("deterioration-or-no-change")
                        .trust(Ehr.ISSUER, ehr.jwksUrl()).feedback(store).build().start()) {
            String hook = node.base() + "/cds-services/openrom-patient-view";
            String body = Ehr.hook("r-1", Ehr.worsening("r-1", 1));
            assertThat(Ehr.post(hook, ehr.token(hook), body).statusCode()).isEqualTo(200);
            first.close();
            // while the database is down, a token cannot be checked against the other nodes: refused, never accepted
            HttpResponse<String> down = Ehr.post(hook, ehr.token(hook), body);
            assertThat(down.statusCode()).isEqualTo(401);
            assertThat(down.body()).contains("cannot be checked for replay");
            second = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
            // the first requests may meet a connection the restart broke; the pool replaces it
            int status = 0;
            for (int attempt = 0; attempt < 10 && status != 200; attempt++) {
                status = Ehr.post(hook, ehr.token(hook), body).statusCode();
            }
            assertThat(status).as("a request answered after the restart").isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                assertThat(Ehr.post(hook, ehr.token(hook), body).statusCode()).isEqualTo(200);
            }
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }
}
