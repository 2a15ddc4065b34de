package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The request log an operator reads: one line per request with method, path, status and duration, and the reason of a
 * refusal; never a patient id, an answer, free text or a report token (canaries in every place they could leak from).
 */
class RequestLogTest {
    static final String CANARY = "CANARY-4711";

    @Test
    void everyRequestIsOneLineAndNoPatientDataIsInTheLog() throws Exception {
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
        Ehr ehr = new Ehr();
        try (CdsService service = CdsService.builder().port(0).rule("deterioration-or-no-change")
                .trust(Ehr.ISSUER, ehr.jwksUrl()).build().start()) {
            String hook = service.base() + "/cds-services/openrom-patient-view";
            String patient = "p-" + CANARY;
            HttpResponse<String> ok = Ehr.post(hook, ehr.token(hook), Ehr.hook(patient, Ehr.worsening(patient, 2)));
            assertThat(ok.statusCode()).isEqualTo(200);
            JsonNode cards = new ObjectMapper().readTree(ok.body()).path("cards");
            String report = cards.get(cards.size() - 1).path("links").get(0).path("url").asText();
            String token = report.substring(report.lastIndexOf('/') + 1);
            assertThat(Ehr.get(report).statusCode()).isEqualTo(200);
            // refused: a patient id that is too long, a bad token, a path that names a patient
            Ehr.post(hook, ehr.token(hook), "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\""
                    + CANARY.repeat(400) + "\"},\"prefetch\":{}}");
            Ehr.post(hook, "not.a.jwt", "{}");
            Ehr.get(service.base() + "/cds-services/" + CANARY);
            // a request's line is written after its answer: wait for the last one
            String text = Files.readString(log, StandardCharsets.UTF_8);
            for (int i = 0; i < 100 && !text.contains("GET (other) 404 "); i++) {
                Thread.sleep(50);
                text = Files.readString(log, StandardCharsets.UTF_8);
            }
            assertThat(text).contains("POST /cds-services/openrom-patient-view 200 ", "GET /reports/… 200 ",
                    "POST /cds-services/openrom-patient-view 401 ", "not a signed JWT", "GET (other) 404 ");
            assertThat(text).matches("(?s).*POST /cds-services/openrom-patient-view 200 [0-9]+ ms.*");
            assertThat(text).doesNotContain(CANARY, token);
        }
    }
}
