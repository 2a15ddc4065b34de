package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The CDS Hooks service over real HTTP on loopback: discovery, cards, feedback, and every rejection. */
class CdsServiceTest extends LoopbackCdsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static CdsService start(FeedbackStore s) throws Exception {
        return CdsService.builder().port(0).rule("deterioration-or-no-change").trust(Ehr.ISSUER, ehr.jwksUrl())
                .feedback(s).build().start();
    }

    static JsonNode cards(List<org.openrom.core.score.Administration> administrations, String patient) throws Exception {
        HttpResponse<String> r = Ehr.post(hookUrl, ehr.token(hookUrl), Ehr.hook(patient, administrations));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body()).path("cards");
    }

    @Test
    void discoveryListsThePatientViewServiceWithItsPrefetch() throws Exception {
        HttpResponse<String> r = Ehr.get(service.base() + "/cds-services");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = JSON.readTree(r.body()).path("services").get(0);
        assertThat(s.path("hook").asText()).isEqualTo("patient-view");
        assertThat(s.path("id").asText()).isEqualTo("openrom-patient-view");
        assertThat(s.path("prefetch").path("responses").asText()).contains("QuestionnaireResponse?subject={{context.patientId}}");
        assertThat(s.path("prefetch").path("observations").asText()).contains("Observation?subject={{context.patientId}}");
        // newest first, a page size, and no status filter (a stopped form's critical answer must still reach the service)
        assertThat(s.path("prefetch").path("responses").asText()).contains("_sort=-authored", "_count=").doesNotContain("status=");
        assertThat(s.path("prefetch").path("observations").asText()).contains("_sort=-date", "_count=");
    }

    @Test
    void aCriticalItemCardComesFirstThenTheNotCardWithItsProposalAndReport() throws Exception {
        JsonNode cards = cards(Ehr.worsening("p-1", 1), "p-1");
        // kept for docs/cds-hooks.md: what an EHR receives
        java.nio.file.Files.writeString(Path.of("target", "cds-cards-example.json"), cards.toPrettyString());
        java.nio.file.Files.writeString(Path.of("target", "cds-request-example.json"), JSON.readTree(Ehr.hook("p-1",
                Ehr.worsening("p-1", 1))).toPrettyString());
        assertThat(cards).hasSize(2);
        JsonNode critical = cards.get(0);
        assertThat(critical.path("indicator").asText()).isEqualTo("critical");
        assertThat(critical.path("summary").asText()).isEqualTo("Safety alert: phq9 item q9 answered 1 (session 2, 2024-01-15)");
        assertThat(critical.path("detail").asText()).startsWith("PHQ-9 item 9, thoughts of death or self-harm: Several days (1) at session 2");
        JsonNode not = cards.get(1);
        assertThat(not.path("indicator").asText()).isEqualTo("warning");
        assertThat(not.path("summary").asText()).startsWith("Not On Track: ").hasSizeLessThanOrEqualTo(140);
        assertThat(not.path("detail").asText()).contains("**Why:**", "deterioration-or-no-change");
        JsonNode action = not.path("suggestions").get(0).path("actions").get(0);
        assertThat(action.path("type").asText()).isEqualTo("create");
        assertThat(action.path("resource").path("resourceType").asText()).isEqualTo("ServiceRequest");
        assertThat(action.path("resource").path("intent").asText()).isEqualTo("proposal");
        assertThat(not.path("selectionBehavior").asText()).isEqualTo("at-most-one");
        assertThat(not.path("overrideReasons")).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode c : cards) {
            assertThat(c.path("uuid").asText()).hasSize(36);
            assertThat(c.path("source").path("label").asText()).startsWith("OpenROM");
            assertThat(c.path("summary").asText().length()).isLessThanOrEqualTo(140);
        }
        // the report the card links to: served by the service, the alert at its top, no patient data in its URL
        String link = not.path("links").get(0).path("url").asText();
        assertThat(link).startsWith(service.base() + "/reports/").doesNotContain("p-1");
        HttpResponse<String> page = Ehr.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Patient p-1", "id=\"alerts\"");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(Ehr.get(service.base() + "/reports/" + "0".repeat(32)).statusCode()).isEqualTo(404);
    }

    @Test
    void aCriticalItemAloneStillGivesItsCardAndNothingNeedingAttentionGivesNoCard() throws Exception {
        List<org.openrom.core.score.Administration> steady = new java.util.ArrayList<>(Ehr.steady("p-2"));
        assertThat(cards(steady, "p-2")).isEmpty();
        steady.set(3, org.openrom.core.score.Administration.builder("p-2", "phq9", 2).answers("q", 0, 0, 0, 0, 0, 0, 0, 0, 3)
                .build());
        JsonNode cards = cards(steady, "p-2");
        assertThat(cards).hasSize(1);
        assertThat(cards.get(0).path("indicator").asText()).isEqualTo("critical");
    }

    @Test
    void aRejectedResponseStillGivesItsCriticalCardAndAnOddDateIsNoError() throws Exception {
        org.hl7.fhir.r4.model.QuestionnaireResponse bad = Ehr.MAPPER.questionnaireResponse(
                org.openrom.core.score.Administration.builder("p-6", "phq9", 0).answers("q", 0, 0, 0, 0, 0, 0, 0, 0, 3).build());
        bad.getItem().get(0).getAnswerFirstRep().setValue(new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "1", null));
        org.hl7.fhir.r4.model.QuestionnaireResponse yearOnly = Ehr.MAPPER.questionnaireResponse(
                org.openrom.core.score.Administration.builder("p-6", "odsis", 0).answers("q", 1, 1, 1, 1, 1).build());
        yearOnly.getExtension().clear();
        yearOnly.setAuthoredElement(new org.hl7.fhir.r4.model.DateTimeType("2024"));
        org.hl7.fhir.r4.model.Bundle b = new org.hl7.fhir.r4.model.Bundle().setType(
                org.hl7.fhir.r4.model.Bundle.BundleType.SEARCHSET);
        b.addEntry().setResource(bad);
        b.addEntry().setResource(yearOnly);
        String body = "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p-6\"},"
                + "\"prefetch\":{\"responses\":" + ca.uhn.fhir.context.FhirContext.forR4().newJsonParser()
                        .encodeResourceToString(b) + ",\"observations\":" + Ehr.EMPTY + "}}";
        HttpResponse<String> r = Ehr.post(hookUrl, ehr.token(hookUrl), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode cards = JSON.readTree(r.body()).path("cards");
        assertThat(cards).hasSize(2);
        assertThat(cards.get(0).path("summary").asText()).isEqualTo("Safety alert: phq9 item q9 answered 3 (session 0)");
        // and neither response is left out in silence: the data card counts both, by reason
        assertThat(cards.get(1).path("indicator").asText()).isEqualTo("warning");
        assertThat(cards.get(1).path("summary").asText()).isEqualTo("OpenROM left out 2 of 2 ROM records");
        assertThat(cards.get(1).path("detail").asText()).contains("`invalid` × 1", "`no-occasion` × 1");
    }

    @Test
    void feedbackIsStoredDurablyAndSurvivesARestart() throws Exception {
        Path db = tmp.resolve("restart");
        String url = "jdbc:h2:file:" + db.toAbsolutePath();
        try (FeedbackStore s = FeedbackStore.open(url, null, null); CdsService svc = start(s)) {
            String hook = svc.base() + "/cds-services/openrom-patient-view";
            HttpResponse<String> r = Ehr.post(hook, ehr.token(hook), Ehr.hook("p-3", Ehr.worsening("p-3", 2)));
            JsonNode cards = JSON.readTree(r.body()).path("cards");
            String critical = cards.get(0).path("uuid").asText();
            String not = cards.get(1).path("uuid").asText();
            String fb = svc.base() + "/cds-services/openrom-patient-view/feedback";
            Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String body = "{\"feedback\":[{\"card\":\"" + critical + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[],"
                    + "\"outcomeTimestamp\":\"" + t + "\"},{\"card\":\"" + not + "\",\"outcome\":\"overridden\","
                    + "\"overrideReason\":{\"reason\":{\"code\":\"clinical-judgement\",\"system\":\""
                    + PatientView.OVERRIDE_SYSTEM + "\"},\"userComment\":\"patient p-3 said so\"},"
                    + "\"outcomeTimestamp\":\"" + t.plusSeconds(1) + "\"},{\"card\":\"" + UUID.randomUUID()
                    + "\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"" + t.plusSeconds(2) + "\"}]}";
            HttpResponse<String> f = Ehr.post(fb, ehr.token(fb), body);
            assertThat(f.statusCode()).as(f.body()).isEqualTo(200);
            // the same feedback again (a retry) is stored once
            assertThat(Ehr.post(fb, ehr.token(fb), body).statusCode()).isEqualTo(200);
            // a third card, never answered: ignored
            Ehr.post(hook, ehr.token(hook), Ehr.hook("p-4", Ehr.worsening("p-4", 0)));
        }
        try (FeedbackStore again = FeedbackStore.open(url, null, null)) {
            List<FeedbackStore.RuleFeedback> summary = again.summary();
            FeedbackStore.RuleFeedback not = summary.stream().filter(x -> x.kind().equals("not")).findFirst().orElseThrow();
            assertThat(not.rule()).startsWith("deterioration-or-no-change");
            assertThat(not.cards()).isEqualTo(2);
            assertThat(not.overridden()).isEqualTo(1);
            assertThat(not.ignored()).isEqualTo(1);
            assertThat(not.overrideReasons()).containsEntry("clinical-judgement", 1);
            FeedbackStore.RuleFeedback critical = summary.stream().filter(x -> x.kind().equals("critical")).findFirst()
                    .orElseThrow();
            assertThat(critical.rule()).isEqualTo("phq9-self-harm");
            assertThat(critical.accepted()).isEqualTo(1);
            // nothing of the clinician's comment is stored
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                    java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + FeedbackStore.FEEDBACK_TABLE)) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        assertThat(String.valueOf(rs.getObject(i))).doesNotContain("p-3");
                    }
                }
            }
        }
    }

    @Test
    void feedbackKeepsOnlyWhatTheCardOfferedAndRefusesImpossibleTimes() throws Exception {
        HttpResponse<String> r = Ehr.post(hookUrl, ehr.token(hookUrl), Ehr.hook("p-5", Ehr.worsening("p-5", 2)));
        JsonNode cards = JSON.readTree(r.body()).path("cards");
        String critical = cards.get(0).path("uuid").asText();
        String not = cards.get(1).path("uuid").asText();
        String fb = hookUrl + "/feedback";
        Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        // a year far in the future is refused as a whole request
        rejected(Ehr.post(fb, ehr.token(fb), "{\"feedback\":[{\"card\":\"" + not + "\",\"outcome\":\"accepted\","
                + "\"outcomeTimestamp\":\"+169108099-01-01T00:00:00Z\"}]}"), 400, "not in the future");
        // a reason the card did not offer (here a name and a CPR-like number) becomes one fixed code; 2000 accepted
        // suggestions become the first one's id; an answer before the card existed is not stored
        StringBuilder many = new StringBuilder();
        String first = UUID.randomUUID().toString();
        for (int i = 0; i < 2000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i == 0 ? first : UUID.randomUUID().toString())
                    .append("\"}");
        }
        String body = "{\"feedback\":[{\"card\":\"" + not + "\",\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":"
                + "{\"code\":\"Jens Hansen 010190-1234\",\"system\":\"urn:free-text\"}},\"outcomeTimestamp\":\"" + t + "\"},"
                + "{\"card\":\"" + not + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[" + many
                + "],\"outcomeTimestamp\":\"" + t.plusSeconds(1) + "\"},{\"card\":\"" + critical + "\",\"outcome\":\"accepted\","
                + "\"outcomeTimestamp\":\"" + t.minus(java.time.Duration.ofDays(400)) + "\"}]}";
        assertThat(Ehr.post(fb, ehr.token(fb), body).statusCode()).isEqualTo(200);
        List<List<String>> rows = new java.util.ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:"
                + tmp.resolve("feedback").toAbsolutePath());
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT card_uuid, outcome, "
                + "override_code, override_system, accepted_suggestions, accepted_suggestion FROM "
                + FeedbackStore.FEEDBACK_TABLE + " WHERE card_uuid IN ('" + not + "', '" + critical + "') ORDER BY outcome")) {
            while (rs.next()) {
                rows.add(List.of(rs.getString(2), String.valueOf(rs.getString(3)), String.valueOf(rs.getString(4)),
                        String.valueOf(rs.getInt(5)), String.valueOf(rs.getString(6))));
            }
        }
        assertThat(rows).containsExactly(List.of("accepted", "null", "null", "1", first),
                List.of("overridden", "unlisted", PatientView.OVERRIDE_SYSTEM, "0", "null"));
    }

    @Test
    void aChartOpenedAgainShowsTheSameCardsSoIgnoredCountsCardsNotOpenings() throws Exception {
        String body = Ehr.hook("p-31", Ehr.worsening("p-31", 2));
        JsonNode first = JSON.readTree(Ehr.post(hookUrl, ehr.token(hookUrl), body).body()).path("cards");
        JsonNode again = JSON.readTree(Ehr.post(hookUrl, ehr.token(hookUrl), body).body()).path("cards");
        assertThat(first).hasSize(2);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).path("uuid").asText()).isEqualTo(first.get(i).path("uuid").asText());
        }
        // another patient in the same state has other cards
        JsonNode other = JSON.readTree(Ehr.post(hookUrl, ehr.token(hookUrl), Ehr.hook("p-32", Ehr.worsening("p-32", 2)))
                .body()).path("cards");
        assertThat(other.get(1).path("uuid").asText()).isNotEqualTo(first.get(1).path("uuid").asText());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:"
                + tmp.resolve("feedback").toAbsolutePath());
                java.sql.PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM " + FeedbackStore.CARD_TABLE
                        + " WHERE uuid = ?")) {
            q.setString(1, first.get(1).path("uuid").asText());
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    static void rejected(HttpResponse<String> r, int status, String why) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(r.body()).path("error");
        assertThat(e.path("status").asInt()).isEqualTo(status);
        assertThat(e.path("message").asText()).contains(why);
        assertThat(r.body()).doesNotContain("Exception", "\tat ", "p-9");
    }

    @Test
    void everyBadTokenIsA401() throws Exception {
        String body = Ehr.hook("p-9", Ehr.worsening("p-9", 1));
        Instant now = Instant.now();
        rejected(Ehr.post(hookUrl, null, body), 401, "Bearer JWT");
        rejected(Ehr.post(hookUrl, "not.a.jwt", body), 401, "not a signed JWT");
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.stranger, Ehr.ISSUER, now, 60, "a", null), body), 401,
                "signature");
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.key, Ehr.ISSUER, now.minusSeconds(400), 200, "b", null), body),
                401, "expired");
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.key, "https://other.example", now, 60, "c", null), body), 401,
                "issuer is not trusted");
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.key, Ehr.ISSUER, now, 60, "d",
                URI.create("https://evil.example/jwks.json")), body), 401, "jku");
        rejected(Ehr.post(hookUrl, ehr.token(service.base() + "/cds-services/other", ehr.key, Ehr.ISSUER, now, 60, "e",
                null), body), 401, "aud");
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.key, Ehr.ISSUER, now, 3600, "f", null), body), 401,
                "longer than 300 s");
        // issued ten years ahead with a five-minute lifetime: the lifetime would bound nothing
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.key, Ehr.ISSUER, now.plus(java.time.Duration.ofDays(3650)), 300,
                "f2", null), body), 401, "issued in the future");
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.key, Ehr.ISSUER, now, 60, "f3", null, null), body), 401, "kid");
        // a few seconds of clock skew are no reason to refuse
        assertThat(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.key, Ehr.ISSUER, now.plusSeconds(20), 60, "f4", null), body)
                .statusCode()).isEqualTo(200);
        String once = ehr.token(hookUrl, ehr.key, Ehr.ISSUER, now, 60, "g", null);
        assertThat(Ehr.post(hookUrl, once, body).statusCode()).isEqualTo(200);
        rejected(Ehr.post(hookUrl, once, body), 401, "jti replay");
        // a jku on the allow-list is accepted
        assertThat(Ehr.post(hookUrl, ehr.token(hookUrl, ehr.key, Ehr.ISSUER, now, 60, "h", URI.create(ehr.jwksUrl())),
                body).statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsGetTheirStatusAndAJsonError() throws Exception {
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl), "{not json"), 400, "not JSON");
        // a key given twice is refused, never "the last one wins" (a gateway may have checked the first)
        HttpResponse<String> twice = Ehr.post(hookUrl, ehr.token(hookUrl), "{\"hook\":\"patient-view\",\"hookInstance\":"
                + "\"x\",\"context\":{\"patientId\":\"p-1\",\"patientId\":\"p-9\"},\"prefetch\":{}}");
        rejected(twice, 400, "not JSON");
        assertThat(twice.body()).contains("patientId").doesNotContain("p-1");
        // an over-long or control-character patient id is the client's error, never a 500
        for (String id : new String[] {"p".repeat(5000), "p\\u0001x", " "}) {
            rejected(Ehr.post(hookUrl, ehr.token(hookUrl), "{\"hook\":\"patient-view\",\"hookInstance\":\"x\","
                    + "\"context\":{\"patientId\":\"" + id + "\"},\"prefetch\":{}}"), 400, "context.patientId");
        }
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl), "{\"hook\":\"order-select\",\"hookInstance\":\"x\","
                + "\"context\":{\"patientId\":\"p-9\"},\"prefetch\":{}}"), 400, "hook: expected patient-view");
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl), "{\"hook\":\"patient-view\",\"hookInstance\":\"x\","
                + "\"context\":{\"patientId\":\"p-9\"}}"), 412, "neither was prefetched");
        rejected(Ehr.post(hookUrl, ehr.token(hookUrl), "{\"hook\":\"patient-view\",\"hookInstance\":\"x\","
                + "\"context\":{\"patientId\":\"p-9\"},\"prefetch\":[]}"), 400, "prefetch: expected an object");
        // a declared 10 MB body is refused before it is read: over a raw socket, since an HTTP client still uploading
        // when the service answers and closes may see a broken pipe instead of the answer (a flaky test, not a bug)
        URI u = URI.create(hookUrl);
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.getOutputStream().write(("POST " + u.getPath() + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\n"
                    + "Authorization: Bearer " + ehr.token(hookUrl) + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (10 * 1024 * 1024) + "\r\n\r\n{\"hook\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            String answer = new String(socket.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("larger than").doesNotContain("Exception");
        }
        String other = service.base() + "/cds-services/order-select";
        rejected(Ehr.post(other, ehr.token(other), "{}"), 404, "no such CDS service");
        rejected(Ehr.get(hookUrl), 405, "use POST");
        String fb = hookUrl + "/feedback";
        rejected(Ehr.post(fb, ehr.token(fb), "{\"feedback\":[{\"card\":\"x\",\"outcome\":\"maybe\"}]}"), 400,
                "outcome: expected accepted or overridden");
    }

    @Test
    void noResponseNamesTheServerAndProtocolErrorsAreJson() throws Exception {
        HttpResponse<String> ok = Ehr.post(hookUrl, ehr.token(hookUrl), Ehr.hook("p-9", Ehr.worsening("p-9", 1)));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Server")).isEmpty();
        java.net.URI u = java.net.URI.create(hookUrl);
        // a request Jetty itself refuses (a header line without a colon) is answered in JSON, without the stack's name
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.getOutputStream().write(("POST " + u.getPath() + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\n"
                    + "this is no header\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            String answer = new String(socket.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/json", "{\"status\":400")
                    .doesNotContainIgnoringCase("jetty").doesNotContain("<html");
        }
    }

    @Test
    void theBuilderRefusesAnOpenOrRulelessService() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CdsService.builder().build())
                .isInstanceOfSatisfying(org.openrom.core.ValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.path()).contains("rules", "trust"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CdsService.builder().trust(Ehr.ISSUER,
                "http://ehr.example/jwks")).hasMessageContaining("plain http only on loopback");
    }

    @Test
    void withAKeyStoreItServesHttpsAndTheSameCards() throws Exception {
        Path ks = tmp.resolve("tls.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "rom", "-keyalg", "RSA", "-keysize", "2048", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2").redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(ks)) {
            trust.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder().sslContext(ssl)
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        try (CdsService tls = CdsService.builder().port(0).rule("deterioration-or-no-change").trust(Ehr.ISSUER,
                ehr.jwksUrl()).tls(ks, "changeit".toCharArray()).build().start()) {
            assertThat(tls.base()).startsWith("https://127.0.0.1:");
            String hook = tls.base() + "/cds-services/openrom-patient-view";
            HttpResponse<String> r = https.send(java.net.http.HttpRequest.newBuilder(URI.create(hook))
                    .header("Authorization", "Bearer " + ehr.token(hook)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Ehr.hook("p-5", Ehr.worsening("p-5", 1))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("cards")).hasSize(2);
            // plain http on the TLS port is refused
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ehr.get(tls.base().replace("https", "http")
                    + "/cds-services")).isInstanceOf(java.io.IOException.class);
        }
    }
}
