package org.openrom.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.score.Administration;

/**
 * OpenROM's transaction Bundles posted over HTTP to a HAPI {@code RestfulServer} on loopback: a patient's whole
 * course (NOT, back on track, NOT again) posted once, then replayed, creates every resource once.
 */
class ServerReplayTest {
    static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    static final FhirContext CTX = FhirContext.forR4();
    static TransactionServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new TransactionServer(CTX);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Two patients' courses, one Bundle per administration, in order of arrival. */
    static List<Bundle> course(FhirMapper mapper) {
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(REG).rule("deterioration-threshold:threshold=3")
                .rule("deterioration-or-no-change").build();
        NeedsEngine needs = NeedsEngine.loadDefault(REG);
        int[][] weeks = {{2, 2, 2, 2, 2}, {3, 3, 3, 3, 2}, {2, 2, 2, 2, 2}, {3, 3, 3, 3, 2}, {3, 3, 3, 3, 3}};
        List<Bundle> out = new ArrayList<>();
        Map<String, List<Administration>> histories = new TreeMap<>();
        for (int w = 0; w < weeks.length; w++) {
            for (String patient : List.of("p-1", "p-2")) {
                Administration a = Administration.builder(patient, "odsis", w).answers("q", weeks[w])
                        .date(LocalDate.of(2024, 4, 1).plusDays(7L * w)).build();
                List<Administration> h = histories.computeIfAbsent(patient, k -> new ArrayList<>());
                if (w == 1) {
                    // homework not done: evidence for the needs, and so for ServiceRequest proposals
                    h.add(Administration.builder(patient, "homework", 1).answer("q1", 0).date(a.date().orElseThrow()).build());
                }
                h.add(a);
                MonitorUpdate u = monitor.record(a);
                Optional<NeedsAssessment> na = u.becameNotOnTrack() ? Optional.of(new NotReportBuilder(REG, monitor.rules(),
                        needs).administrations(histories.get(patient)).build(patient, w).needs()) : Optional.empty();
                QuestionnaireResponse sent = mapper.questionnaireResponse(a);
                sent.setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("https://ehr.example/qr")
                        .setValue(patient + "-" + w));
                sent.setId((String) null);
                out.add(mapper.transaction(sent, a, u, na, needs.taxonomy(), org.openrom.core.history.PatientHistory.score(patient,
                        REG, h)));
            }
        }
        return out;
    }

    static int post(Bundle b) throws Exception {
        return post(server, b);
    }

    static int post(TransactionServer to, Bundle b) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(to.base()))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(CTX.newJsonParser().encodeResourceToString(b))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Bundle response = CTX.newJsonParser().parseResource(Bundle.class, r.body());
        return (int) response.getEntry().stream().filter(e -> e.getResponse().getStatus().startsWith("201")).count();
    }

    static Map<String, Integer> counts() {
        return counts(server);
    }

    static Map<String, Integer> counts(TransactionServer server) {
        Map<String, Integer> c = new TreeMap<>();
        for (String t : List.of("QuestionnaireResponse", "Observation", "Flag", "DetectedIssue", "ServiceRequest",
                "Provenance")) {
            c.put(t, server.count(t));
        }
        return c;
    }

    @Test
    void aReplayedCourseCreatesEachResourceOnceAndKeepsOneFlagPerPatientAndRule() throws Exception {
        FhirMapper mapper = new FhirMapper(CTX, REG);
        List<Bundle> bundles = course(mapper);
        int created = 0;
        for (Bundle b : bundles) {
            created += post(b);
        }
        Map<String, Integer> once = counts();
        assertThat(created).isPositive();
        assertThat(once.get("QuestionnaireResponse")).isEqualTo(10);
        // one Flag per patient and rule, however often the status came and went
        assertThat(once.get("Flag")).isEqualTo(4);
        assertThat(once.get("DetectedIssue")).isPositive();
        assertThat(once.get("ServiceRequest")).isPositive();

        // the whole course again, as a retrying client or a replayed queue would send it: nothing new is created
        int createdAgain = 0;
        for (Bundle b : course(new FhirMapper(CTX, REG))) {
            createdAgain += post(b);
        }
        assertThat(createdAgain).isZero();
        assertThat(counts()).isEqualTo(once);

        // every reference the server holds points at a resource it holds
        for (String type : once.keySet()) {
            for (Resource r : server.all(type)) {
                for (Reference ref : CTX.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
                    if (ref.hasReference() && !ref.getReference().startsWith("Patient/")) {
                        String[] parts = ref.getReference().split("/");
                        assertThat(server.all(parts[0]).stream().map(x -> x.getIdElement().getIdPart()))
                                .as(type + " -> " + ref.getReference()).contains(parts[1]);
                    }
                }
            }
        }
        // a status Observation after the first week also cites the baseline score, by its business identifier
        java.util.Set<String> identifiers = new java.util.HashSet<>();
        server.all("Observation").forEach(o -> ((Observation) o).getIdentifier().forEach(i -> identifiers.add(i.getValue())));
        List<Observation> statuses = server.all("Observation").stream().map(o -> (Observation) o)
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals("rom-progress-status")).toList();
        assertThat(statuses).hasSize(20);
        long citing = statuses.stream().filter(o -> o.getDerivedFrom().stream().anyMatch(r -> r.hasIdentifier())).count();
        assertThat(citing).isEqualTo(16);
        for (Observation o : statuses) {
            o.getDerivedFrom().stream().filter(Reference::hasIdentifier).forEach(r -> {
                assertThat(r.getIdentifier().getSystem()).isEqualTo("https://openrom.org/fhir/identifier/observation");
                assertThat(identifiers).contains(r.getIdentifier().getValue());
            });
        }
        // the last week left both patients NOT on the threshold rule: its Flags are active again
        assertThat(server.all("Flag").stream().map(f -> ((Flag) f).getStatus())).contains(Flag.FlagStatus.ACTIVE);
        // the score Observations are one per patient, scale and week
        assertThat(server.all("Observation").stream().filter(o -> ((Observation) o).getCode().getCoding().stream()
                .anyMatch(c -> c.getCode().equals("odsis.total")))).hasSize(10);
    }

    @Test
    void aBatchCourseAfterTheLiveBundlesCreatesNoClinicalResourceTwice() throws Exception {
        FhirMapper mapper = new FhirMapper(CTX, REG);
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(REG).rule("deterioration-threshold:threshold=3")
                .keepHistory(50).build();
        NeedsEngine needs = NeedsEngine.loadDefault(REG);
        int[][] weeks = {{2, 2, 2, 2, 2}, {3, 3, 3, 3, 2}, {2, 2, 2, 2, 2}, {3, 3, 3, 3, 2}, {2, 2, 2, 2, 2}};
        try (TransactionServer live = new TransactionServer(CTX)) {
            for (int w = 0; w < weeks.length; w++) {
                Administration a = Administration.builder("p-9", "odsis", w).answers("q", weeks[w])
                        .date(LocalDate.of(2024, 4, 1).plusDays(7L * w)).build();
                post(live, mapper.transaction(null, a, monitor.record(a), Optional.empty(), needs.taxonomy(),
                        monitor.history("p-9").orElseThrow()));
            }
            Map<String, Integer> afterLive = counts(live);
            List<org.openrom.core.track.TrackAssessment> assessments = monitor.rules().get(0).evaluate(
                    monitor.history("p-9").orElseThrow().series("odsis.total"));
            int created = post(live, mapper.course(monitor.history("p-9").orElseThrow(), assessments));
            Map<String, Integer> afterCourse = counts(live);
            // only the Provenance of the batch assembly is new
            assertThat(created).isEqualTo(1);
            afterLive.merge("Provenance", 1, Integer::sum);
            assertThat(afterCourse).isEqualTo(afterLive);
            // the patient is back on track at the end: the one Flag is inactive
            assertThat(live.all("Flag")).singleElement().extracting(f -> ((Flag) f).getStatus())
                    .isEqualTo(Flag.FlagStatus.INACTIVE);
        }
    }
}
