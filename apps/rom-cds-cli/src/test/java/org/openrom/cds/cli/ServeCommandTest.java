package org.openrom.cds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code rom serve} is found as a plugin, documents every option, and refuses a service nobody can call safely. */
class ServeCommandTest {
    @Test
    void helpDocumentsEveryOption() {
        String[] r = Rom.run("serve", "--help");
        assertThat(r[0]).isEqualTo("0");
        for (String option : new String[] {"--host", "--port", "--base-url", "--rule", "--trust", "--feedback-db",
            "--db-user", "--db-password-file", "--max-body", "--threads", "--tls-keystore", "--tls-password-file",
            "--language", "--alert-wording", "--form-map", "--cors-origin", "--db-connections"}) {
            assertThat(r[1]).as(option).contains(option);
        }
        assertThat(r[1]).contains("127.0.0.1", "never acts");
    }

    @Test
    void aBadTrustOrNoTrustIsRefusedBeforeAnythingListens() {
        String[] none = Rom.run("serve", "--rule", "deterioration-or-no-change");
        assertThat(none[0]).isEqualTo("2");
        assertThat(none[2]).contains("--trust");
        String[] bad = Rom.run("serve", "--rule", "deterioration-or-no-change", "--trust", "no-equals-sign");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("expected ISSUER=JWKS_URL");
        String[] http = Rom.run("serve", "--rule", "deterioration-or-no-change", "--trust", "https://ehr=http://ehr.example/jwks");
        assertThat(http[0]).isNotEqualTo("0");
        assertThat(http[2]).contains("plain http only on loopback");
    }

    @Test
    void aStoreWithoutConnectionsIsRefusedBeforeTheDatabaseIsOpened(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String url = "jdbc:h2:file:" + tmp.resolve("never").toAbsolutePath();
        String[] r = Rom.run("serve", "--rule", "deterioration-or-no-change", "--trust",
                "https://ehr.example=http://127.0.0.1:9/jwks.json", "--feedback-db", url, "--db-connections", "0");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--db-connections: got 0, expected at least 1");
        assertThat(tmp.resolve("never.mv.db")).doesNotExist();
    }
}
