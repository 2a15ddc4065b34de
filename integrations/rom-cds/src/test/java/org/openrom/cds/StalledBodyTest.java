package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A client that stops sending its body gets a 408 when the idle time is over, never a 500; a request refused before its
 * body is read says that the connection closes.
 */
class StalledBodyTest {
    @Test
    void aStalledBodyIsA408() throws Exception {
        Ehr ehr = new Ehr();
        try (CdsService service = CdsService.builder().port(0).rule("deterioration-or-no-change")
                .trust(Ehr.ISSUER, ehr.jwksUrl()).idleTimeout(Duration.ofSeconds(1)).build().start()) {
            String hook = service.base() + "/cds-services/openrom-patient-view";
            URI u = URI.create(hook);
            try (Socket socket = new Socket(u.getHost(), u.getPort())) {
                socket.getOutputStream().write(("POST " + u.getPath() + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\n"
                        + "Authorization: Bearer " + ehr.token(hook) + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"hook\":").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.setSoTimeout(20_000);
                String answer = new String(socket.getInputStream().readNBytes(2048), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 408").contains("did not arrive within 1 s")
                        .doesNotContain("Exception");
            }
        }
    }

    @Test
    void aRequestRefusedBeforeItsBodyIsReadSaysTheConnectionCloses() throws Exception {
        Ehr ehr = new Ehr();
        try (CdsService service = CdsService.builder().port(0).rule("deterioration-or-no-change")
                .trust(Ehr.ISSUER, ehr.jwksUrl()).build().start()) {
            URI u = URI.create(service.base() + "/cds-services/openrom-patient-view");
            try (Socket socket = new Socket(u.getHost(), u.getPort())) {
                String body = "{\"hook\":\"patient-view\"}";
                socket.getOutputStream().write(("POST " + u.getPath() + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.setSoTimeout(20_000);
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
            }
        }
    }
}
