package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openrom.core.score.Administration;
import org.quicktheories.generators.Generate;

/**
 * The CDS door over real HTTP: each way a PHQ-9 item 9 answer used to vanish with no card (issue 26, cases 1 to 9),
 * and the law that nothing added to a prefetch removes a critical card.
 */
class CdsDoorTest extends LoopbackCdsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final FhirContext CTX = FhirContext.forR4();
    /** A FHIR server on loopback: pages and searches the prefetch did not bring, by path. */
    static Server fhir;
    static final java.util.Map<String, String> PAGES = new java.util.concurrent.ConcurrentHashMap<>();
    static final List<String> AUTHORIZATIONS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        fhir = Ehr.loopback(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                    org.eclipse.jetty.util.Callback callback) {
                AUTHORIZATIONS.add(String.valueOf(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
                String uri = request.getHttpURI().getPathQuery();
                String page = PAGES.get(uri.substring(uri.indexOf("/fhir/") + "/fhir/".length()));
                response.setStatus(page == null ? 404 : 200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/fhir+json");
                Content.Sink.write(response, true, page == null ? "{}" : page, callback);
                return true;
            }
        });
    }

    @AfterAll
    static void down() throws Exception {
        fhir.stop();
    }

    static String fhirBase() {
        return "http://127.0.0.1:" + ((ServerConnector) fhir.getConnectors()[0]).getLocalPort() + "/fhir";
    }

    // ---- building what an EHR sends ------------------------------------------------------------------------------

    /** An EHR's PHQ-9: no occasion extension, authored on {@code day}, item 9 = {@code q9}, then changed. */
    static QuestionnaireResponse phq9(String patient, String day, int q9, Consumer<QuestionnaireResponse> change) {
        QuestionnaireResponse qr = Ehr.MAPPER.questionnaireResponse(Administration.builder(patient, "phq9", 0)
                .answers("q", 1, 1, 1, 1, 1, 1, 1, 1, q9).build());
        qr.getExtension().clear();
        qr.setId(UUID.randomUUID().toString());
        if (day != null) {
            qr.setAuthoredElement(new DateTimeType(day));
        }
        change.accept(qr);
        return qr;
    }

    static QuestionnaireResponse phq9(String patient, String day, int q9) {
        return phq9(patient, day, q9, x -> { });
    }

    static QuestionnaireResponse.QuestionnaireResponseItemComponent item9(QuestionnaireResponse qr) {
        return qr.getItem().stream().filter(i -> i.getLinkId().equals("q9")).findFirst().orElseThrow();
    }

    static ObjectNode json(Resource r) throws Exception {
        return (ObjectNode) JSON.readTree(CTX.newJsonParser().encodeResourceToString(r));
    }

    static ObjectNode bundle(List<ObjectNode> resources) {
        ObjectNode b = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = b.putArray("entry");
        resources.forEach(r -> entries.addObject().set("resource", r));
        return b;
    }

    static ObjectNode request(String patient, JsonNode responses, JsonNode observations) {
        ObjectNode r = JSON.createObjectNode().put("hook", "patient-view").put("hookInstance", UUID.randomUUID().toString())
                .put("fhirServer", fhirBase());
        r.putObject("context").put("userId", "Practitioner/1").put("patientId", patient);
        ObjectNode pre = r.putObject("prefetch");
        if (responses != null) {
            pre.set("responses", responses);
        }
        if (observations != null) {
            pre.set("observations", observations);
        }
        return r;
    }

    static JsonNode cards(ObjectNode request) throws Exception {
        HttpResponse<String> r = Ehr.post(hookUrl, ehr.token(hookUrl), request.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("cards");
    }

    static JsonNode cards(String patient, Resource... responses) throws Exception {
        List<ObjectNode> all = new ArrayList<>();
        for (Resource x : responses) {
            all.add(json(x));
        }
        return cards(request(patient, bundle(all), bundle(List.of())));
    }

    static List<JsonNode> critical(JsonNode cards) {
        List<JsonNode> out = new ArrayList<>();
        cards.forEach(c -> {
            if (c.path("indicator").asText().equals("critical")) {
                out.add(c);
            }
        });
        return out;
    }

    static void criticalCard(JsonNode cards, String summaryPart) {
        assertThat(critical(cards)).as(cards.toPrettyString()).anySatisfy(c -> assertThat(c.path("summary").asText())
                .contains(summaryPart));
    }

    static JsonNode dataCard(JsonNode cards) {
        for (JsonNode c : cards) {
            if (c.path("source").path("label").asText().equals("OpenROM data check")) {
                return c;
            }
        }
        throw new AssertionError("no data card in " + cards.toPrettyString());
    }

    // ---- the numbered cases --------------------------------------------------------------------------------------

    @Test
    void case1TwoResponsesOnOneDayKeepTheCriticalAnswerOfEither() throws Exception {
        for (boolean criticalFirst : new boolean[] {true, false}) {
            QuestionnaireResponse zero = phq9("p-1", "2024-03-01T09:00:00+01:00", 0);
            QuestionnaireResponse two = phq9("p-1", "2024-03-01T10:00:00+01:00", 2);
            JsonNode cards = criticalFirst ? cards("p-1", two, zero) : cards("p-1", zero, two);
            criticalCard(cards, "answered 2 (session 0, 2024-03-01)");
            // the copy not used is counted, not dropped in silence
            assertThat(dataCard(cards).path("detail").asText()).contains("`superseded` × 1");
        }
    }

    @Test
    void case2NoDateOrADateOfYearOrMonthStillCards() throws Exception {
        criticalCard(cards("p-2", phq9("p-2", null, 2)), "answered 2 (session and date unknown)");
        criticalCard(cards("p-2", phq9("p-2", "2024", 3)), "answered 3 (session and date unknown)");
        JsonNode cards = cards("p-2", phq9("p-2", "2024-03", 1));
        criticalCard(cards, "answered 1 (session and date unknown)");
        assertThat(dataCard(cards).path("detail").asText()).contains("`no-occasion` × 1");
    }

    @Test
    void case3AnAbsoluteIdentifierOrMissingSubjectStillCards() throws Exception {
        criticalCard(cards("p-3", phq9("p-3", "2024-03-01", 2, q -> q.setSubject(
                new Reference("https://ehr.example/fhir/Patient/p-3")))), "answered 2");
        JsonNode byIdentifier = cards("p-3", phq9("p-3", "2024-03-01", 2, q -> q.setSubject(new Reference()
                .setIdentifier(new Identifier().setSystem("urn:oid:1.2.208.176.1.2").setValue("0101011234")))));
        criticalCard(byIdentifier, "answered 2");
        assertThat(dataCard(byIdentifier).path("detail").asText()).contains("`subject-unresolved` × 1");
        criticalCard(cards("p-3", phq9("p-3", "2024-03-01", 3, q -> q.setSubject(null))), "answered 3");
    }

    @Test
    void case4OneUnreadableResourceCostsThatResourceOnly() throws Exception {
        ObjectNode badDate = json(new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setSubject(new Reference("Patient/p-4")));
        badDate.put("effectiveDateTime", "2024-02-30");
        ObjectNode unknownType = JSON.createObjectNode().put("resourceType", "NoSuchResource").put("id", "x");
        ObjectNode badResponse = json(phq9("p-4", "2024-03-08", 3));
        badResponse.put("authored", "2024-02-30"); // the response itself does not parse
        JsonNode cards = cards(request("p-4", bundle(List.of(json(phq9("p-4", "2024-03-01", 2)), unknownType, badResponse)),
                bundle(List.of(badDate))));
        criticalCard(cards, "answered 2 (session 0, 2024-03-01)");
        criticalCard(cards, "answered 3");
        assertThat(dataCard(cards).path("detail").asText()).contains("`unreadable` × 3");
        assertThat(dataCard(cards).path("summary").asText()).isEqualTo("OpenROM left out 3 of 4 ROM records");
    }

    @Test
    void case5ResponsesTheFullReadingRejectsStillCard() throws Exception {
        criticalCard(cards("p-5", phq9("p-5", "2024-03-01", 0, q -> item9(q).getAnswerFirstRep()
                .setValue(new IntegerType(2)))), "answered 2");
        criticalCard(cards("p-5", phq9("p-5", "2024-03-01", 2, q -> q.setQuestionnaire(q.getQuestionnaire() + "|2.74"))),
                "answered 2");
        criticalCard(cards("p-5", phq9("p-5", "2024-03-01", 1, q -> item9(q).setLinkId("Q9"))), "answered 1");
        criticalCard(cards("p-5", phq9("p-5", "2024-03-01", 0, q -> item9(q).addAnswer().setValue(
                new Coding(Ehr.MAPPER.answerSystem(Ehr.REG.get("phq9")), "3", null)))), "answered 3");
        criticalCard(cards("p-5", phq9("p-5", "2024-03-01", 2, q -> {
            var q9 = item9(q);
            q.getItem().remove(q9);
            q.addItem().setLinkId("part-2").addItem(q9);
        })), "answered 2");
        // a value that decides nothing: its own critical card, never silence
        JsonNode text = cards("p-5", phq9("p-5", "2024-03-01", 0, q -> item9(q).getAnswerFirstRep()
                .setValue(new StringType("several days"))));
        criticalCard(text, "critical item phq9.q9 was answered, but OpenROM cannot read the answer");
    }

    @Test
    void case6GroupsAtAnyDepth() throws Exception {
        criticalCard(cards("p-6", phq9("p-6", "2024-03-01", 3, q -> {
            var q9 = item9(q);
            q.getItem().remove(q9);
            q.addItem().setLinkId("a").addItem().setLinkId("b").addItem().setLinkId("c").addItem(q9);
        })), "answered 3");
    }

    @Test
    void case7APagedPrefetchIsFollowedWithTheTokenOrSaidToBeIncomplete() throws Exception {
        ObjectNode first = bundle(List.of(json(phq9("p-7", "2024-03-01", 0))));
        first.putArray("link").addObject().put("relation", "next").put("url", fhirBase() + "/QuestionnaireResponse?page=2");
        PAGES.put("QuestionnaireResponse?page=2", bundle(List.of(json(phq9("p-7", "2024-02-01", 2)))).toString());
        // without a token: not followed, and the card says the history is incomplete
        JsonNode unfollowed = cards(request("p-7", first, bundle(List.of())));
        assertThat(critical(unfollowed)).isEmpty();
        assertThat(dataCard(unfollowed).path("summary").asText()).startsWith("ROM history may be incomplete");
        // with the request's token: followed, and the critical answer of the second page is carded
        ObjectNode withToken = request("p-7", first, bundle(List.of()));
        withToken.putObject("fhirAuthorization").put("access_token", "token-7").put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "openrom");
        AUTHORIZATIONS.clear();
        criticalCard(cards(withToken), "answered 2 (session 0, 2024-02-01)");
        assertThat(AUTHORIZATIONS).containsExactly("Bearer token-7");
        // a next link off the request's FHIR server is never fetched
        ((ObjectNode) first.withArray("link").get(0)).put("url", "http://127.0.0.2:9/fhir/QuestionnaireResponse?page=2");
        AUTHORIZATIONS.clear();
        assertThat(dataCard(cards(withToken)).path("summary").asText()).startsWith("ROM history may be incomplete");
        assertThat(AUTHORIZATIONS).isEmpty();
        // a key not prefetched is fetched with the token
        PAGES.put("Observation?subject=p-7&category=survey&_sort=-date&_count=100", bundle(List.of()).toString());
        ObjectNode noObservations = request("p-7", bundle(List.of(json(phq9("p-7", "2024-03-01", 1)))), null);
        noObservations.set("fhirAuthorization", withToken.get("fhirAuthorization"));
        JsonNode fetched = cards(noObservations);
        criticalCard(fetched, "answered 1");
        assertThat(fetched.findValuesAsText("summary")).noneMatch(s -> s.startsWith("ROM history may be incomplete"));
    }

    @Test
    void case8AStoppedOrInProgressFormStillCards() throws Exception {
        for (var st : List.of(QuestionnaireResponse.QuestionnaireResponseStatus.STOPPED,
                QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS)) {
            JsonNode cards = cards("p-8", phq9("p-8", "2024-03-01", 2, q -> q.setStatus(st)));
            criticalCard(cards, "answered 2");
            assertThat(dataCard(cards).path("detail").asText()).contains("`not-final` × 1");
        }
        assertThat(critical(cards("p-8", phq9("p-8", "2024-03-01", 2, q -> q.setStatus(
                QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR))))).isEmpty();
    }

    @Test
    void case9AnotherPatientsResourcesAreNeverUsed() throws Exception {
        // p-10's course is Not On Track; p-9's prefetch wrongly holds p-10's score Observations and a response
        List<ObjectNode> scores = new ArrayList<>();
        for (Administration a : Ehr.worsening("p-10", 2)) {
            for (Observation o : Ehr.MAPPER.scoreObservations(Ehr.REG.get(a.instrumentId()).score(a),
                    new Reference("QuestionnaireResponse/x"))) {
                scores.add(json(o));
            }
        }
        assertThat(cards(request("p-10", bundle(List.of()), bundle(scores))).findValuesAsText("summary"))
                .anyMatch(s -> s.startsWith("Not On Track"));
        JsonNode cards = cards(request("p-9", bundle(List.of(json(phq9("p-10", "2024-03-01", 3)))), bundle(scores)));
        assertThat(cards.findValuesAsText("summary")).noneMatch(s -> s.startsWith("Not On Track"));
        assertThat(critical(cards)).isEmpty();
        assertThat(dataCard(cards).path("detail").asText()).contains("`foreign-patient` × " + (scores.size() + 1));
    }

    @Test
    void anEhrsOwnTotalsAreReadAsScoresAndTheResponseOfTheSameDayWins() throws Exception {
        List<ObjectNode> totals = new ArrayList<>();
        String[] days = {"2024-02-01", "2024-02-15", "2024-03-01"};
        for (int i = 0; i < days.length; i++) {
            Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setSubject(new Reference("Patient/p-13"));
            o.getCode().addCoding(new org.hl7.fhir.r4.model.Coding("http://loinc.org", "44261-6", null));
            o.setEffective(new DateTimeType(days[i]));
            o.setValue(new IntegerType(8 + 3 * i));
            totals.add(json(o));
        }
        JsonNode cards = cards(request("p-13", bundle(List.of(json(phq9("p-13", "2024-03-01", 0)))), bundle(totals)));
        // used, not "unsupported": only the total of the response's own day is left out, as that response's score
        String detail = dataCard(cards).path("detail").asText();
        assertThat(detail).contains("`superseded` × 1").doesNotContain("unsupported");
        assertThat(dataCard(cards).path("summary").asText()).isEqualTo("OpenROM left out 1 of 4 ROM records");
    }

    @Test
    void aClinicsOwnFormIsReadThroughTheServicesFormMap() throws Exception {
        Path map = tmp.resolve("forms.json");
        java.nio.file.Files.writeString(map, "{\"forms\": [{\"instrument\": \"phq9\", \"questionnaires\": "
                + "[\"https://clinic.example/Questionnaire/mood\"], \"versions\": [], \"items\": {"
                + java.util.stream.IntStream.rangeClosed(1, 9).mapToObj(i -> "\"mood-" + i + "\": \"q" + i + "\"")
                        .collect(java.util.stream.Collectors.joining(", "))
                + "}, \"ignored\": [], \"answers\": {\"system\": \"https://clinic.example/answers\", \"codes\": "
                + "{\"never\": 0, \"some\": 1, \"often\": 2, \"always\": 3}}}]}");
        QuestionnaireResponse qr = new QuestionnaireResponse().setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                .setQuestionnaire("https://clinic.example/Questionnaire/mood").setSubject(new Reference("Patient/p-14"));
        qr.setAuthoredElement(new DateTimeType("2024-03-01"));
        for (int i = 1; i <= 9; i++) {
            qr.addItem().setLinkId("mood-" + i).addAnswer().setValue(new Coding("https://clinic.example/answers",
                    i == 9 ? "often" : "some", null));
        }
        try (CdsService mapped = CdsService.builder().port(0).rule("deterioration-or-no-change")
                .trust(Ehr.ISSUER, ehr.jwksUrl()).formMap(org.openrom.fhir.FormMap.readWithDefault(map)).build().start()) {
            String url = mapped.base() + "/cds-services/openrom-patient-view";
            HttpResponse<String> r = Ehr.post(url, ehr.token(url), request("p-14", bundle(List.of(json(qr))),
                    bundle(List.of())).toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode cards = JSON.readTree(r.body()).path("cards");
            criticalCard(cards, "answered 2 (session 0, 2024-03-01)");
            assertThat(cards.findValuesAsText("summary")).noneMatch(x -> x.startsWith("OpenROM left out"));
        }
        // the service without the map: the form is unknown, counted, not silently dropped
        assertThat(dataCard(cards("p-14", qr)).path("detail").asText()).contains("`invalid` × 1");
    }

    @Test
    void anEarlierSessionsCriticalAnswerIsCardedUntilAClinicianGivesFeedback() throws Exception {
        QuestionnaireResponse s5 = phq9("p-11", "2024-03-01", 2);
        QuestionnaireResponse s6 = phq9("p-11", "2024-03-08", 0);
        JsonNode cards = cards("p-11", s5, s6);
        assertThat(critical(cards)).singleElement().satisfies(c -> assertThat(c.path("summary").asText())
                .contains("answered 2 (session 0, 2024-03-01)"));
        String uuid = critical(cards).get(0).path("uuid").asText();
        // still there at the next visit
        assertThat(critical(cards("p-11", s5, s6))).hasSize(1);
        String fb = hookUrl + "/feedback";
        HttpResponse<String> r = Ehr.post(fb, ehr.token(fb), "{\"feedback\":[{\"card\":\"" + uuid
                + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"" + java.time.Instant.now() + "\","
                + "\"overrideReason\":{\"reason\":{\"code\":\"already-addressed\"}}}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(critical(cards("p-11", s5, s6))).isEmpty();
        // a new critical answer is carded again
        JsonNode again = cards("p-11", s5, s6, phq9("p-11", "2024-03-15", 1));
        assertThat(critical(again)).hasSize(1);
        // and its report page agrees with the cards: the new alert in the alert box, the old one listed as acknowledged
        String page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                critical(again).get(0).path("links").get(0).path("url").asText())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("Several days (1) at session 2", "Acknowledged alerts",
                "More than half the days (2) at session 0. Follow your clinic&#39;s risk procedure. Acknowledged by "
                        + "cds-card-feedback at ", ": card-overridden.");
        assertThat(page.substring(0, page.indexOf("Acknowledged alerts"))).doesNotContain("More than half the days (2)");
    }

    // ---- the law ----------------------------------------------------------------------------------------------

    /** Something that may be in a real prefetch besides the patient's own forms. */
    static ObjectNode noise(int kind, int n) throws Exception {
        return switch (kind) {
            case 0 -> JSON.createObjectNode().put("resourceType", "NoSuchResource").put("id", "n" + n);
            case 1 -> {
                ObjectNode o = json(new Observation().setStatus(Observation.ObservationStatus.FINAL)
                        .setSubject(new Reference("Patient/p-12")));
                o.put("effectiveDateTime", "2024-02-30");
                yield o;
            }
            case 2 -> json(phq9("someone-else", "2024-01-0" + (1 + n % 9), n % 4));
            case 3 -> json(phq9("p-12", "2024-01-0" + (1 + n % 9), n % 4, q -> q.setStatus(
                    QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR)));
            case 4 -> {
                ObjectNode o = json(phq9("p-12", "2024-01-0" + (1 + n % 9), 0));
                o.put("authored", "2024-13-45");
                yield o;
            }
            case 5 -> JSON.createObjectNode().put("resourceType", "QuestionnaireResponse").put("status", "completed")
                    .put("questionnaire", "https://forms.example/unknown");
            default -> JSON.createObjectNode().put("not", "a resource");
        };
    }

    @Test
    void noMalformedOrForeignResourceEverRemovesACriticalCard() {
        qt().withExamples(40).forAll(Generate.intArrays(Generate.range(0, 6), Generate.range(0, 6)),
                Generate.range(1, 3), Generate.range(0, 100)).checkAssert((kinds, q9, seed) -> {
                    try {
                        List<ObjectNode> own = List.of(json(phq9("p-12", "2024-03-01", 0)),
                                json(phq9("p-12", "2024-03-08", q9)));
                        List<ObjectNode> mixed = new ArrayList<>(own);
                        for (int i = 0; i < kinds.length; i++) {
                            mixed.add((seed + i) % (mixed.size() + 1), noise(kinds[i], seed + i));
                        }
                        JsonNode cards = cards(request("p-12", bundle(mixed), bundle(List.of())));
                        criticalCard(cards, "answered " + q9 + " (session 1, 2024-03-08)");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }
}
