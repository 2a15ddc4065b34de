package org.openrom.fhir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.cli.RomCli;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.fhir.FhirMapper;

/** The plugin on the class path adds {@code rom fhir} and the {@code fhir} input format. */
class FhirCliTest {
    @TempDir
    Path tmp;

    /** Runs rom in-process: exit code, stdout, stderr. */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RomCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static List<Administration> patient() {
        int[][] weeks = {{3, 3, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 2, 3}};
        List<Administration> out = new ArrayList<>();
        for (int w = 0; w < weeks.length; w++) {
            out.add(Administration.builder("p-1", "odsis", w).answers("q", weeks[w]).date(LocalDate.of(2024, 1, 1).plusDays(7L * w))
                    .build());
        }
        return out;
    }

    /** The patient's responses as an EHR sends them (no server id yet), NDJSON. */
    private Path ehrResponses() throws IOException {
        FhirMapper m = new FhirMapper(FhirContext.forR4(), InstrumentRegistry.loadDefault());
        var parser = FhirContext.forR4().newJsonParser();
        List<String> lines = new ArrayList<>();
        for (Administration a : patient()) {
            lines.add(parser.encodeResourceToString(m.questionnaireResponse(a).setId((String) null)));
        }
        Path nd = tmp.resolve("ehr.ndjson");
        Files.write(nd, lines, StandardCharsets.UTF_8);
        return nd;
    }

    @Test
    void questionnaireCommand() {
        String[] r = run("fhir", "questionnaire", "phq9");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("\"resourceType\": \"Questionnaire\"", "44249-1");
        assertThat(run("fhir", "questionnaire", "nope")[0]).isEqualTo("3");
    }

    @Test
    void trackAndScoreReadNdjsonAndBundlesOfQuestionnaireResponses() throws IOException {
        FhirMapper m = new FhirMapper(FhirContext.forR4(), InstrumentRegistry.loadDefault());
        var parser = FhirContext.forR4().newJsonParser();
        List<String> lines = new ArrayList<>();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Administration a : patient()) {
            lines.add(parser.encodeResourceToString(m.questionnaireResponse(a)));
            bundle.addEntry().setResource(m.questionnaireResponse(a));
        }
        Path nd = tmp.resolve("responses.ndjson");
        Files.write(nd, lines, StandardCharsets.UTF_8);
        String[] t = run("track", "--in", nd.toString(), "--rule", "deterioration-or-no-change");
        assertThat(t[0]).as(t[2]).isEqualTo("0");
        assertThat(t[1].lines().toList()).hasSize(3);
        assertThat(t[1]).contains("ODSIS 15 is 3 points worse than baseline 12 at session 2");
        Path b = tmp.resolve("bundle.json");
        Files.writeString(b, m.toJson(bundle));
        String[] s = run("score", "--in", b.toString());
        assertThat(s[0]).as(s[2]).isEqualTo("0");
        assertThat(s[1].lines().toList()).hasSize(3);
        Files.write(nd, List.of(lines.get(0).replace("\"linkId\":\"q2\"", "\"linkId\":\"q9\"")), StandardCharsets.UTF_8);
        String[] bad = run("track", "--in", nd.toString(), "--rule", "deterioration-or-no-change");
        assertThat(bad[0]).isEqualTo("3");
        assertThat(bad[2]).contains("responses.ndjson:1: 1 problem: QuestionnaireResponse.item[1].linkId: got 'q9'");
    }

    @Test
    void aSinglePrettyPrintedResponseIsReadAndEveryProblemIsNamed() throws IOException {
        FhirMapper m = new FhirMapper(FhirContext.forR4(), InstrumentRegistry.loadDefault());
        Path one = tmp.resolve("response.json");
        Files.writeString(one, m.toJson(m.questionnaireResponse(patient().get(0)))); // pretty-printed, many lines
        String[] s = run("score", "--in", one.toString());
        assertThat(s[0]).as(s[2]).isEqualTo("0");
        assertThat(s[1].lines().toList()).hasSize(1);
        assertThat(s[1]).contains("\"patientId\":\"p-1\"");
        String twoProblems = m.toJson(m.questionnaireResponse(patient().get(0)))
                .replace("\"linkId\": \"q2\"", "\"linkId\": \"q9\"").replace("\"linkId\": \"q3\"", "\"linkId\": \"q8\"");
        Files.writeString(one, twoProblems);
        String[] bad = run("score", "--in", one.toString());
        assertThat(bad[0]).isEqualTo("3");
        assertThat(bad[2]).contains("2 problems: QuestionnaireResponse.item[1].linkId: got 'q9'",
                "QuestionnaireResponse.item[2].linkId: got 'q8'");
    }

    @Test
    void transactionsRunTheEhrLoopAndDefinitionsPrintTheConformanceResources() throws IOException {
        var parser = FhirContext.forR4().newJsonParser();
        Path nd = ehrResponses();
        Path out = tmp.resolve("bundles.ndjson");
        String[] t = run("fhir", "transactions", "--in", nd.toString(), "--rule", "deterioration-or-no-change", "--out",
                out.toString());
        assertThat(t[0]).as(t[2]).isEqualTo("0");
        assertThat(t[2]).contains("3 responses, 3 transaction Bundles");
        List<String> bundles = Files.readAllLines(out);
        assertThat(bundles).hasSize(3);
        List<String> conditions = new ArrayList<>();
        for (String b : bundles) {
            Bundle x = parser.parseResource(Bundle.class, b);
            assertThat(x.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
            x.getEntry().forEach(e -> conditions.add(e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " "
                    + e.getRequest().getIfNoneExist()));
        }
        assertThat(bundles.get(2)).contains("\"resourceType\":\"Flag\"");
        // a second run over the same responses asks for exactly the same conditional writes: nothing new is created
        Path again = tmp.resolve("again.ndjson");
        run("fhir", "transactions", "--in", nd.toString(), "--rule", "deterioration-or-no-change", "--out", again.toString());
        List<String> second = new ArrayList<>();
        for (String b : Files.readAllLines(again)) {
            parser.parseResource(Bundle.class, b).getEntry().forEach(e -> second.add(e.getRequest().getMethod() + " "
                    + e.getRequest().getUrl() + " " + e.getRequest().getIfNoneExist()));
        }
        assertThat(second).isEqualTo(conditions);
        String[] d = run("fhir", "definitions");
        assertThat(d[0]).isEqualTo("0");
        assertThat(d[1]).contains("\"resourceType\": \"StructureDefinition\"", "\"resourceType\": \"CodeSystem\"",
                "https://openrom.org/fhir/StructureDefinition/occasion");
    }

    @Test
    void theTransactionBundlesAreReadBackAsScoresAndGiveTheSameVerdicts() throws IOException {
        var parser = FhirContext.forR4().newJsonParser();
        Path nd = ehrResponses();
        Path bundles = tmp.resolve("bundles.ndjson");
        String[] tx = run("fhir", "transactions", "--in", nd.toString(), "--rule", "deterioration-threshold:threshold=3", "--out",
                bundles.toString());
        assertThat(tx[0]).as(tx[2]).isEqualTo("0");
        String[] fromResponses = run("track", "--in", nd.toString(), "--rule", "deterioration-or-no-change");
        String[] fromServer = run("track", "--in", bundles.toString(), "--rule", "deterioration-or-no-change");
        assertThat(fromServer[0]).as(fromServer[2]).isEqualTo("0");
        assertThat(fromServer[1]).isEqualTo(fromResponses[1]);
        // a bare NDJSON of score Observations (a server's $export) reads the same
        List<String> observations = new ArrayList<>();
        for (String b : Files.readAllLines(bundles)) {
            parser.parseResource(Bundle.class, b).getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(r -> r instanceof org.hl7.fhir.r4.model.Observation).forEach(r -> observations.add(
                            parser.encodeResourceToString(r)));
        }
        Path export = tmp.resolve("Observation.ndjson");
        Files.write(export, observations, StandardCharsets.UTF_8);
        String[] fromExport = run("track", "--in", export.toString(), "--rule", "deterioration-or-no-change");
        assertThat(fromExport[1]).as(fromExport[2]).isEqualTo(fromResponses[1]);
        // every problem of a score Observation is named by its FHIRPath; a score-level file is no answers
        Files.write(export, List.of(observations.get(0).replace("\"odsis.total\"", "\"odsis.nope\"")
                .replace("\"status\":\"final\"", "\"status\":\"preliminary\"")), StandardCharsets.UTF_8);
        String[] bad = run("track", "--in", export.toString(), "--rule", "deterioration-or-no-change");
        assertThat(bad[0]).isEqualTo("3");
        assertThat(bad[2]).contains("2 problems: Observation.status: got 'preliminary'",
                "Observation.code.coding: got 'odsis.nope'");
        // the Bundles hold the responses beside their scores: rom score scores the responses (their scores once)
        String[] score = run("score", "--in", bundles.toString());
        assertThat(score[0]).as(score[2]).isEqualTo("0");
        assertThat(score[1]).isEqualTo(run("score", "--in", nd.toString())[1]);
        // a file of scores alone holds no answers to score
        Files.write(export, observations, StandardCharsets.UTF_8);
        String[] scoresOnly = run("score", "--in", export.toString());
        assertThat(scoresOnly[0]).isEqualTo("3");
        assertThat(scoresOnly[2]).contains("holds score");
    }

    @Test
    void scoreObservationsBesideResponsesNeverHideTheResponsesOrTheirAlerts() throws IOException {
        FhirMapper m = new FhirMapper(FhirContext.forR4(), InstrumentRegistry.loadDefault());
        var parser = FhirContext.forR4().newJsonParser();
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        List<String> lines = new ArrayList<>();
        // ODSIS stored as score Observations at sessions 0..2, a PHQ-9 answered at session 2 with item 9 = 2
        int[][] weeks = {{2, 2, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 3, 3}};
        for (int w = 0; w < weeks.length; w++) {
            Administration a = Administration.builder("p-1", "odsis", w).answers("q", weeks[w]).build();
            for (var o : m.scoreObservations(reg.get("odsis").score(a), new org.hl7.fhir.r4.model.Reference("QuestionnaireResponse/x"))) {
                lines.add(parser.encodeResourceToString(o));
            }
        }
        lines.add(parser.encodeResourceToString(m.questionnaireResponse(Administration.builder("p-1", "phq9", 2)
                .answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 2).build()).setId((String) null)));
        Path mixed = tmp.resolve("mixed.ndjson");
        Files.write(mixed, lines, StandardCharsets.UTF_8);
        Path alerts = tmp.resolve("alerts.jsonl");
        String[] t = run("track", "--in", mixed.toString(), "--rule", "deterioration-or-no-change", "--alerts",
                alerts.toString());
        assertThat(t[0]).as(t[2]).isEqualTo("0");
        assertThat(Files.readString(alerts)).contains("phq9-self-harm");
        // the stored ODSIS scores were read too: the rule saw three sessions
        assertThat(t[1]).contains("NOT_ON_TRACK");
    }

    @Test
    void aBrokenLineBesideCriticalAnswersNeverSilencesThem() throws IOException {
        FhirMapper m = new FhirMapper(FhirContext.forR4(), InstrumentRegistry.loadDefault());
        var parser = FhirContext.forR4().newJsonParser();
        List<String> lines = new ArrayList<>();
        lines.add(parser.encodeResourceToString(m.questionnaireResponse(Administration.builder("p-1", "phq9", 0)
                .answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 2).build()).setId((String) null)));
        lines.add("{\"resourceType\":\"QuestionnaireResponse\", broken");
        lines.add(parser.encodeResourceToString(m.questionnaireResponse(Administration.builder("p-2", "phq9", 0)
                .answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 3).build()).setId((String) null)));
        Path file = tmp.resolve("door.ndjson");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Path alerts = tmp.resolve("door-alerts.jsonl");
        String[] t = run("track", "--in", file.toString(), "--rule", "deterioration-or-no-change:scale=phq9.total",
                "--alerts", alerts.toString());
        // the broken line stops the run; both alerts, before and after it, are delivered and the line is named
        assertThat(t[0]).isEqualTo("3");
        assertThat(t[2]).contains("door.ndjson:2", "checked for critical answers on its own (3 records), except 1 that "
                + "could not be read (the first at " + file + ":2)", "2 safety alerts (critical items) are in " + alerts);
        assertThat(Files.readAllLines(alerts)).hasSize(2).anyMatch(l -> l.contains("\"p-1\"") && l.contains("\"value\":2"))
                .anyMatch(l -> l.contains("\"p-2\"") && l.contains("\"value\":3"));
    }

    @Test
    void anEhrsOwnTotalIsReadWithItsStatedSessionOrRefusedNeverPassedOver() throws IOException {
        var parser = FhirContext.forR4().newJsonParser();
        List<String> lines = new ArrayList<>();
        for (int occ = 0; occ < 3; occ++) {
            org.hl7.fhir.r4.model.Observation o = new org.hl7.fhir.r4.model.Observation()
                    .setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
                    .setSubject(new org.hl7.fhir.r4.model.Reference("Patient/e-1"));
            o.getCode().addCoding(new org.hl7.fhir.r4.model.Coding("http://loinc.org", "44261-6", null));
            o.setValue(new org.hl7.fhir.r4.model.IntegerType(8 + 4 * occ));
            o.addExtension(FhirMapper.OCCASION_EXTENSION, new org.hl7.fhir.r4.model.IntegerType(occ));
            lines.add(parser.encodeResourceToString(o));
        }
        Path in = tmp.resolve("ehr-totals.ndjson");
        Files.write(in, lines, StandardCharsets.UTF_8);
        String[] t = run("track", "--in", in.toString(), "--rule", "deterioration-threshold:scale=phq9.total,threshold=6");
        assertThat(t[0]).as(t[2]).isEqualTo("0");
        assertThat(t[1].lines()).hasSize(3);
        assertThat(t[1]).contains("NOT_ON_TRACK");
        // without a session: a loud refusal naming the line, not a silent skip
        Files.write(in, List.of(lines.get(0).replaceAll(",?\\{\"url\":\"https://openrom.org/fhir/StructureDefinition/occasion\",\"valueInteger\":0\\}", "")
                .replace("\"extension\":[],", "")), StandardCharsets.UTF_8);
        String[] refused = run("track", "--in", in.toString(), "--rule", "deterioration-threshold:scale=phq9.total");
        assertThat(refused[0]).as(refused[2]).isEqualTo("3");
        assertThat(refused[2]).contains("ehr-totals.ndjson:1", "without OpenROM's occasion extension");
    }

    @Test
    void aClinicsOwnFormReadsThroughAFormMapFileWithoutCode() throws IOException {
        // the clinic's PHQ-9 form: its own canonical (version 3), linkIds and answer codes; item 9 answered "often" (2)
        Path map = tmp.resolve("forms.json");
        Files.writeString(map, "{\"forms\": [{\"instrument\": \"phq9\", \"questionnaires\": "
                + "[\"https://clinic.example/Questionnaire/mood\"], \"versions\": [\"3\"], \"items\": {"
                + java.util.stream.IntStream.rangeClosed(1, 9).mapToObj(i -> "\"mood-" + i + "\": \"q" + i + "\"")
                        .collect(java.util.stream.Collectors.joining(", "))
                + "}, \"ignored\": [], \"answers\": {\"system\": \"https://clinic.example/answers\", \"codes\": "
                + "{\"never\": 0, \"some\": 1, \"often\": 2, \"always\": 3}}}]}");
        var parser = FhirContext.forR4().newJsonParser();
        List<String> lines = new ArrayList<>();
        String[] codes = {"never", "some", "often", "always"};
        for (int occ = 0; occ < 3; occ++) {
            org.hl7.fhir.r4.model.QuestionnaireResponse qr = new org.hl7.fhir.r4.model.QuestionnaireResponse()
                    .setStatus(org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                    .setQuestionnaire("https://clinic.example/Questionnaire/mood|3")
                    .setSubject(new org.hl7.fhir.r4.model.Reference("Patient/c-1"));
            qr.addExtension(FhirMapper.OCCASION_EXTENSION, new org.hl7.fhir.r4.model.IntegerType(occ));
            for (int i = 1; i <= 9; i++) {
                int v = i == 9 ? (occ == 2 ? 2 : 0) : Math.min(3, occ + 1);
                qr.addItem().setLinkId("mood-" + i).addAnswer().setValue(new org.hl7.fhir.r4.model.Coding(
                        "https://clinic.example/answers", codes[v], null));
            }
            lines.add(parser.encodeResourceToString(qr));
        }
        Path in = tmp.resolve("clinic.ndjson");
        Files.write(in, lines, StandardCharsets.UTF_8);
        Path alerts = tmp.resolve("clinic-alerts.jsonl");
        String[] t = run("track", "--in", in.toString(), "--form-map", map.toString(), "--rule",
                "deterioration-threshold:scale=phq9.total,threshold=6", "--alerts", alerts.toString());
        assertThat(t[0]).as(t[2]).isEqualTo("0");
        assertThat(t[1]).contains("\"patientId\":\"c-1\"", "NOT_ON_TRACK");
        assertThat(Files.readString(alerts)).contains("phq9-self-harm");
        String[] s = run("score", "--in", in.toString(), "--form-map", map.toString());
        assertThat(s[0]).as(s[2]).isEqualTo("0");
        // without the map the form is unknown: a loud refusal naming the questionnaire, not silence
        String[] without = run("track", "--in", in.toString(), "--rule", "deterioration-threshold:scale=phq9.total");
        assertThat(without[0]).isEqualTo("3");
        assertThat(without[2]).contains("QuestionnaireResponse.questionnaire");
        // a version the map does not list is refused by the map's stated policy
        Files.write(in, List.of(lines.get(0).replace("mood|3", "mood|4")), StandardCharsets.UTF_8);
        assertThat(run("score", "--in", in.toString(), "--form-map", map.toString())[2]).contains("a version the form map lists");
        // a form map on CSV input, or a missing map file, is an error naming the option
        Path csv = tmp.resolve("s.csv");
        Files.writeString(csv, "patient_id,occasion,instrument,item,value\np-1,0,odsis,q1,1\n");
        String[] onCsv = run("score", "--in", csv.toString(), "--form-map", map.toString());
        assertThat(onCsv[0]).isEqualTo("3");
        assertThat(onCsv[2]).contains("--form-map", "takes no options");
        String[] missing = run("track", "--in", in.toString(), "--form-map", tmp.resolve("nope.json").toString(), "--rule",
                "deterioration-threshold:scale=phq9.total");
        assertThat(missing[0]).isEqualTo("3");
        assertThat(missing[2]).contains("--form-map", "a readable form map file");
    }

    @Test
    void trackWritesOneTransactionBundlePerPatientFromAnswersOrScores() throws IOException {
        Path csv = tmp.resolve("scores.csv");
        Files.writeString(csv, "patient_id,occasion,scale,score\np-1,0,odsis.total,8\np-1,1,odsis.total,12\n"
                + "p-2,0,odsis.total,10\np-2,1,odsis.total,9\n");
        String[] t = run("track", "--in", csv.toString(), "--rule", "deterioration-threshold:threshold=3", "--format", "fhir");
        assertThat(t[0]).as(t[2]).isEqualTo("0");
        List<String> lines = t[1].lines().toList();
        assertThat(lines).hasSize(2);
        var parser = FhirContext.forR4().newJsonParser();
        Bundle first = parser.parseResource(Bundle.class, lines.get(0));
        assertThat(first.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(first.getEntry().stream().map(e -> e.getResource().fhirType()))
                .contains("Observation", "Flag", "DetectedIssue", "Provenance");
        assertThat(parser.parseResource(Bundle.class, lines.get(1)).getEntry().stream().map(e -> e.getResource().fhirType()))
                .doesNotContain("Flag", "DetectedIssue");
        // read back by rom track itself: the same verdicts as from the CSV
        Path out = tmp.resolve("course.ndjson");
        Files.writeString(out, t[1]);
        assertThat(run("track", "--in", out.toString(), "--rule", "deterioration-threshold:threshold=3")[1])
                .isEqualTo(run("track", "--in", csv.toString(), "--rule", "deterioration-threshold:threshold=3")[1]);
        // an unknown format names the plugin's among the accepted ones
        String[] bad = run("track", "--in", csv.toString(), "--rule", "deterioration-threshold:threshold=3", "--format",
                "xml");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("expected jsonl, jsonl-compact, csv or fhir");
    }
}
