package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;

/** CORS as CDS Hooks asks: discovery open to every origin, the hook and feedback to the allowed origins only. */
class CorsTest {
    static final String SANDBOX = "https://sandbox.cds-hooks.org";

    static HttpResponse<String> send(String method, String url, String origin, String token, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Origin", origin)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void discoveryIsOpenAndTheHookAnswersTheAllowedOriginsOnly() throws Exception {
        Ehr ehr = new Ehr();
        try (CdsService service = CdsService.builder().port(0).rule("deterioration-or-no-change")
                .trust(Ehr.ISSUER, ehr.jwksUrl()).corsOrigin(SANDBOX).build().start()) {
            String discovery = service.base() + "/cds-services";
            String hook = discovery + "/openrom-patient-view";
            HttpResponse<String> pre = send("OPTIONS", discovery, "https://anyone.example", null, null);
            assertThat(pre.statusCode()).isEqualTo(204);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
            assertThat(send("GET", discovery, "https://anyone.example", null, null).headers()
                    .firstValue("Access-Control-Allow-Origin")).contains("*");
            HttpResponse<String> hookPre = send("OPTIONS", hook, SANDBOX, null, null);
            assertThat(hookPre.statusCode()).isEqualTo(204);
            assertThat(hookPre.headers().firstValue("Access-Control-Allow-Origin")).contains(SANDBOX);
            assertThat(hookPre.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");
            assertThat(hookPre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
            String body = Ehr.hook("p-1", Ehr.worsening("p-1", 1));
            HttpResponse<String> allowed = send("POST", hook, SANDBOX, ehr.token(hook), body);
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(SANDBOX);
            HttpResponse<String> other = send("POST", hook, "https://evil.example", ehr.token(hook), body);
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(send("OPTIONS", hook, "https://evil.example", null, null).headers()
                    .firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(send("OPTIONS", service.base() + "/elsewhere", SANDBOX, null, null).statusCode()).isEqualTo(404);
        }
        assertThatThrownBy(() -> CdsService.builder().corsOrigin("https://x.example/path"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("corsOrigin");
    }
}
