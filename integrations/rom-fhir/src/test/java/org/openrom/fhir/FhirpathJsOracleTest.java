package org.openrom.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.ItemType;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;

/**
 * The SDC calculated scores as a real form filler computes them: every {@code calculatedExpression} evaluated by
 * fhirpath.js (the FHIRPath engine of LHC-Forms, from npm, pinned) on complete random responses that carry bare answer
 * codings, as fillers send them, equals OpenROM's score. Needs Node.js and npm: CI installs them (.ci/run sets
 * {@code OPENROM_REQUIRE_NODE=1}, so there the test cannot be skipped); elsewhere without them it is skipped.
 */
@Tag("slow") // left out of the fast build (mvn -Dfast verify); CI runs it
class FhirpathJsOracleTest {
    static final String FHIRPATH_JS = "fhirpath@5.2.2";
    static final ObjectMapper JSON = new ObjectMapper();

    static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String run(Path dir, long seconds, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }

    @Test
    void fhirpathJsComputesEveryCalculatedScoreAsOpenRomScores() throws Exception {
        boolean node = runs("node", "--version") && runs("npm", "--version");
        if (!node) {
            org.junit.jupiter.api.Assertions.assertNotEquals("1", System.getenv("OPENROM_REQUIRE_NODE"),
                    "OPENROM_REQUIRE_NODE=1 but node or npm is not on the PATH");
            Assumptions.abort("Node.js and npm are not installed: the fhirpath.js oracle is not run here");
        }
        Path dir = Path.of("target", "fhirpath-js").toAbsolutePath();
        Files.createDirectories(dir);
        // a package of its own, so that npm installs here and nowhere above
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"openrom-fhirpath-oracle\", \"private\": true}\n");
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("fhirpath"))) {
            run(dir, 300, "npm", "install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", FHIRPATH_JS);
        }
        try (InputStream in = FhirpathJsOracleTest.class.getResourceAsStream("fhirpath-oracle.js")) {
            Files.write(dir.resolve("oracle.js"), in.readAllBytes());
        }
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        FhirContext ctx = FhirContext.forR4();
        FhirMapper mapper = new FhirMapper(ctx, reg);
        Random rnd = new Random(29);
        ArrayNode cases = JSON.createArrayNode();
        Map<String, Double> expected = new HashMap<>();
        for (Instrument ins : reg.instruments()) {
            Questionnaire q = mapper.questionnaire(ins);
            JsonNode qJson = JSON.readTree(ctx.newJsonParser().encodeResourceToString(q));
            for (int run = 0; run < 3; run++) {
                Administration a = FhirTest.random(ins, rnd, run);
                if (a.answers().size() < ins.items().stream().filter(it -> it.type() != ItemType.TEXT).count()) {
                    continue;
                }
                QuestionnaireResponse qr = mapper.questionnaireResponse(a);
                JsonNode rJson = JSON.readTree(ctx.newJsonParser().encodeResourceToString(qr));
                List<Score> scores = ins.score(a).scores();
                for (Questionnaire.QuestionnaireItemComponent qi : q.getItem()) {
                    if (!qi.getLinkId().startsWith(FhirMapper.SCORE_ITEM_PREFIX)) {
                        continue;
                    }
                    String scale = ins.id() + "." + qi.getLinkId().substring(FhirMapper.SCORE_ITEM_PREFIX.length());
                    String id = scale + "#" + run;
                    ObjectNode c = cases.addObject();
                    c.put("id", id);
                    c.put("expression", ((org.hl7.fhir.r4.model.Expression) qi.getExtensionByUrl(
                            FhirMapper.CALCULATED_EXPRESSION).getValue()).getExpression());
                    c.set("questionnaire", qJson);
                    c.set("response", rJson);
                    expected.put(id, scores.stream().filter(s -> s.scale().equals(scale)).findFirst().orElseThrow()
                            .value().getAsDouble());
                }
            }
        }
        Files.writeString(dir.resolve("cases.json"), cases.toString());
        run(dir, 120, "node", "oracle.js", dir.toString(), "cases.json", "results.json");
        JsonNode results = JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(results).hasSize(expected.size());
        for (JsonNode r : results) {
            assertThat(r.path("size").asInt()).as("%s computed by fhirpath.js", r.path("id").asText()).isEqualTo(1);
            assertThat(r.path("value").asDouble()).as(r.path("id").asText())
                    .isCloseTo(expected.get(r.path("id").asText()), org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(expected.size()).as("calculated scores checked").isGreaterThanOrEqualTo(16);
    }
}
