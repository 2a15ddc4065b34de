package org.openrom.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;
import org.quicktheories.generators.Generate;

/**
 * One door: the same generated rows (in each door's own random order, some without a day, with a therapy group, the
 * FHIR ones with absolute subject references) through item-level CSV, JSON Lines, FHIR QuestionnaireResponses and
 * FHIR score Observations (each read by {@code rom track}) and through a CDS prefetch over HTTP give the same status
 * at the last session and the same safety alerts; a duplicated administration and an answer out of range are loud
 * refusals of the file doors (documented) and never cost the CDS service an alert (it counts them). (Spark reads the same rows through the same assembler; its own tests
 * compare it with the library.)
 */
class OneDoorProperties extends LoopbackCdsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RULE = "deterioration-or-no-change";
    static final Pattern CARD = Pattern.compile("answered (\\d+) \\(session (\\d+)");

    /** A course: ODSIS at every session (drifting by the seed), a PHQ-9 at some, item 9 now and then positive. */
    static List<Administration> course(long seed, int sessions) {
        Random r = new Random(seed);
        List<Administration> out = new ArrayList<>();
        int level = 1 + r.nextInt(2);
        int drift = r.nextInt(3) - 1;
        for (int occ = 0; occ < sessions; occ++) {
            int[] odsis = new int[5];
            for (int i = 0; i < 5; i++) {
                odsis[i] = Math.max(0, Math.min(4, level + (occ * drift) / 2 + r.nextInt(2)));
            }
            // a day on most, none on some (stated sessions need none); the therapy group on every administration
            LocalDate day = r.nextInt(5) == 0 ? null : LocalDate.of(2024, 1, 1).plusWeeks(occ);
            out.add(Administration.builder("p-1", "odsis", occ).answers("q", odsis).date(day).groupId("g-7").build());
            if (r.nextInt(3) > 0) {
                int q9 = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
                out.add(Administration.builder("p-1", "phq9", occ).answers("q", 1, 1, 2, 1, 0, 1, 1, 0, q9).date(day)
                        .groupId("g-7").build());
            }
        }
        return out;
    }

    /** Every door's lines arrive in an order of their own (the readers sort; the service ranks). */
    static List<String> shuffled(List<String> lines, long seed) {
        List<String> out = new ArrayList<>(lines);
        java.util.Collections.shuffle(out, new Random(seed));
        return out;
    }

    static String csv(List<Administration> as, long seed) {
        List<String> rows = new ArrayList<>();
        for (Administration a : as) {
            a.answers().forEach((item, v) -> rows.add(a.patientId() + "," + a.occasion() + "," + a.instrumentId() + ","
                    + item + "," + v + "," + a.date().map(Object::toString).orElse("") + "," + a.groupId().orElse("")
                    + "\n"));
        }
        return "patient_id,occasion,instrument,item,value,date,group_id\n" + String.join("", shuffled(rows, seed));
    }

    static String csv(List<Administration> as) {
        return csv(as, 0);
    }

    static String jsonl(List<Administration> as) {
        List<String> lines = new ArrayList<>();
        as.forEach(a -> lines.add(RomJson.write(a) + "\n"));
        return String.join("", shuffled(lines, 1));
    }

    /** The responses as an EHR exports them: the subject as an absolute reference on its FHIR base. */
    static org.hl7.fhir.r4.model.QuestionnaireResponse ehrResponse(Administration a) {
        org.hl7.fhir.r4.model.QuestionnaireResponse qr = Ehr.MAPPER.questionnaireResponse(a);
        qr.setSubject(new org.hl7.fhir.r4.model.Reference("https://ehr.example/fhir/Patient/" + a.patientId()));
        return qr;
    }

    static String responses(List<Administration> as) {
        var parser = FhirContext.forR4().newJsonParser();
        List<String> lines = new ArrayList<>();
        as.forEach(a -> lines.add(parser.encodeResourceToString(ehrResponse(a)) + "\n"));
        return String.join("", shuffled(lines, 2));
    }

    /** What a FHIR server stored: the score Observations of each administration, as an $export writes them. */
    static String scoreObservations(List<Administration> as) {
        var parser = FhirContext.forR4().newJsonParser();
        StringBuilder b = new StringBuilder();
        for (Administration a : as) {
            for (Observation o : Ehr.MAPPER.scoreObservations(Ehr.REG.get(a.instrumentId()).score(a),
                    new org.hl7.fhir.r4.model.Reference("QuestionnaireResponse/" + a.instrumentId() + a.occasion()))) {
                b.append(parser.encodeResourceToString(o)).append('\n');
            }
        }
        return b.toString();
    }

    /** What {@code rom track} decided: the last session's status, and the alerts as (session, answer). */
    record Decision(String lastStatus, TreeSet<String> alerts) {
    }

    static Decision track(String name, String content, boolean withAlerts) throws Exception {
        Path in = tmp.resolve(name);
        Files.writeString(in, content, StandardCharsets.UTF_8);
        Path alerts = tmp.resolve(name + ".alerts.jsonl");
        Files.deleteIfExists(alerts);
        String[] r = withAlerts ? Rom.run("track", "--in", in.toString(), "--rule", RULE, "--alerts", alerts.toString(), "--quiet")
                : Rom.run("track", "--in", in.toString(), "--rule", RULE, "--quiet");
        assertThat(r[0]).as(name + ": " + r[2]).isEqualTo("0");
        TreeMap<Integer, String> status = new TreeMap<>();
        for (String line : r[1].lines().toList()) {
            JsonNode n = JSON.readTree(line);
            status.put(n.path("occasion").asInt(), n.path("status").asText());
        }
        TreeSet<String> found = new TreeSet<>();
        if (withAlerts && Files.exists(alerts)) {
            for (String line : Files.readAllLines(alerts)) {
                JsonNode n = JSON.readTree(line);
                found.add(n.path("occasion").asInt() + ":" + n.path("value").asInt());
            }
        }
        return new Decision(status.lastEntry().getValue(), found);
    }

    static JsonNode cards(String prefetchResponses) throws Exception {
        String body = "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p-1\"},"
                + "\"prefetch\":{\"responses\":" + prefetchResponses + ",\"observations\":" + Ehr.EMPTY + "}}";
        HttpResponse<String> r = Ehr.post(hookUrl, ehr.token(hookUrl), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("cards");
    }

    static String bundle(List<Administration> as) {
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        List<Administration> order = new ArrayList<>(as);
        java.util.Collections.shuffle(order, new Random(3));
        order.forEach(a -> b.addEntry().setResource(ehrResponse(a)));
        return FhirContext.forR4().newJsonParser().encodeResourceToString(b);
    }

    static TreeSet<String> criticalCards(JsonNode cards) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode c : cards) {
            Matcher m = CARD.matcher(c.path("summary").asText());
            if (c.path("indicator").asText().equals("critical") && m.find()) {
                out.add(m.group(2) + ":" + m.group(1));
            }
        }
        return out;
    }

    static boolean notCard(JsonNode cards) {
        for (JsonNode c : cards) {
            if (c.path("summary").asText().startsWith("Not On Track")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyDoorDecidesTheSameRowsAlike() {
        qt().withExamples(25).forAll(Generate.longRange(0, 1L << 40), Generate.range(2, 6)).checkAssert((seed, sessions) -> {
            try {
                List<Administration> as = course(seed, sessions);
                Decision fromCsv = track("c.csv", csv(as, seed), true);
                Decision fromJsonl = track("c.jsonl", jsonl(as), true);
                Decision fromFhir = track("c.ndjson", responses(as), true);
                Decision fromScores = track("o.ndjson", scoreObservations(as), false);
                assertThat(fromJsonl).isEqualTo(fromCsv);
                assertThat(fromFhir).isEqualTo(fromCsv);
                // scores carry no answers, so no alerts: the status is the same
                assertThat(fromScores.lastStatus()).isEqualTo(fromCsv.lastStatus());
                JsonNode cards = cards(bundle(as));
                assertThat(criticalCards(cards)).as(cards.toString()).isEqualTo(fromCsv.alerts());
                assertThat(notCard(cards)).isEqualTo(fromCsv.lastStatus().equals("NOT_ON_TRACK"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void anAnswerOutOfRangeIsALoudRefusalOfTheFilesAndTheServiceCountsItAndKeepsItsAlert() {
        qt().withExamples(10).forAll(Generate.longRange(0, 1L << 40), Generate.range(1, 3)).checkAssert((seed, q9) -> {
            try {
                List<Administration> as = new ArrayList<>(course(seed, 3));
                // a PHQ-9 at session 2 with item 1 answered 7 (0..3 expected) and item 9 answered q9
                as.removeIf(a -> a.instrumentId().equals("phq9") && a.occasion() == 2);
                as.add(Administration.builder("p-1", "phq9", 2).answers("q", 7, 1, 1, 1, 1, 1, 1, 1, q9).build());
                for (String[] door : new String[][] {{"v.csv", csv(as, seed)}, {"v.jsonl", jsonl(as)}}) {
                    Path in = tmp.resolve(door[0]);
                    Files.writeString(in, door[1], StandardCharsets.UTF_8);
                    String[] r = Rom.run("track", "--in", in.toString(), "--rule", RULE, "--quiet");
                    assertThat(r[0]).as(door[0] + ": " + r[2]).isEqualTo("3");
                    assertThat(r[2]).as(door[0]).containsAnyOf("q1", "got '7'");
                }
                JsonNode cards = cards(bundle(as));
                assertThat(criticalCards(cards)).contains("2:" + q9);
                assertThat(cards.toString()).contains("`invalid` × 1");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aDuplicatedAdministrationIsALoudRefusalOfTheFilesAndCostsTheServiceNoAlert() {
        qt().withExamples(15).forAll(Generate.longRange(0, 1L << 40), Generate.range(1, 3)).checkAssert((seed, q9) -> {
            try {
                List<Administration> as = new ArrayList<>(course(seed, 3));
                // an amended copy of session 1's PHQ-9 with item 9 answered: two records of one form at one session
                Administration copy = Administration.builder("p-1", "phq9", 1).answers("q", 0, 0, 0, 0, 0, 0, 0, 0, q9)
                        .date(LocalDate.of(2024, 1, 8)).build();
                as.removeIf(a -> a.instrumentId().equals("phq9") && a.occasion() == 1);
                as.add(Administration.builder("p-1", "phq9", 1).answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 0)
                        .date(LocalDate.of(2024, 1, 8)).build());
                as.add(copy);
                for (String[] door : new String[][] {{"d.csv", csv(as)}, {"d.jsonl", jsonl(as)}, {"d.ndjson", responses(as)}}) {
                    Path in = tmp.resolve(door[0]);
                    Files.writeString(in, door[1], StandardCharsets.UTF_8);
                    String[] r = Rom.run("track", "--in", in.toString(), "--rule", RULE, "--quiet");
                    assertThat(r[0]).as(door[0]).isEqualTo("3");
                    assertThat(r[2]).as(door[0]).containsAnyOf("duplicate", "twice", "each item once");
                }
                assertThat(criticalCards(cards(bundle(as)))).contains("1:" + q9);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
