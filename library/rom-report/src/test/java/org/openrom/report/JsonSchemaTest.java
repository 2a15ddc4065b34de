package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.json.RomJson;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.score.Administration;
import org.openrom.core.track.PatientAssessment;
import org.openrom.core.track.TrackAssessment;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.SyntheticCohort;

/** The published JSON Schemas (rom-core, org/openrom/core/json/schemas) describe exactly what the serialiser writes. */
class JsonSchemaTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static JsonSchema schema(String name) throws Exception {
        try (InputStream in = RomJson.class.getResourceAsStream("schemas/" + name)) {
            assertThat(in).as(name).isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static Set<ValidationMessage> check(JsonSchema s, String json) throws Exception {
        return s.validate(PLAIN.readTree(json));
    }

    @Test
    void everythingTheLibraryWritesValidates() throws Exception {
        JsonSchema adm = schema("administration.schema.json");
        JsonSchema scores = schema("scores.schema.json");
        JsonSchema assessment = schema("patient-assessment.schema.json");
        SyntheticCohort cohort = SyntheticCohort.generate(CohortModel.study(2, 7));
        OutcomeMonitor m = OutcomeMonitor.builder().instruments(Example.INSTRUMENTS).ruleRegistry(Example.RULES)
                .rule("deterioration-or-no-change").rule("persistent:k=2,rule=(deterioration-or-no-change)")
                .rule("reliable-change:sd-pre=4.2").rule("expected-response:b0=1,b1=0.9,b2=0.3,b3=-0.3,sigma=2").build();
        List<String> problems = new ArrayList<>();
        int assessments = 0;
        int bands = 0;
        for (Administration a : cohort.administrations()) {
            String aj = RomJson.write(a);
            check(adm, aj).forEach(v -> problems.add("administration: " + v));
            MonitorUpdate u = m.record(a);
            check(scores, RomJson.write(u.scores())).forEach(v -> problems.add("scores: " + v));
            for (TrackAssessment x : u.assessments()) {
                assessments++;
                bands += x.expectedBand().isPresent() ? 1 : 0;
                check(assessment, RomJson.write(new PatientAssessment(a.patientId(), x))).forEach(v -> problems.add("assessment: " + v));
            }
        }
        // alerts: answered and unanswered critical items, in the scores and on their own
        JsonSchema alert = schema("safety-alert.schema.json");
        for (Administration a : List.of(
                Administration.builder("p-9", "phq9", 0).answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 2).build(),
                Administration.builder("p-9", "phq9", 1).answers("q", 1, 1, 1, 1, 1, 1, 1, 1).build())) {
            org.openrom.core.score.Scores sc = Example.INSTRUMENTS.get("phq9").score(a);
            assertThat(sc.alerts()).hasSize(1);
            check(scores, RomJson.write(sc)).forEach(v -> problems.add("scores with alerts: " + v));
            check(alert, RomJson.write(sc.alerts().get(0))).forEach(v -> problems.add("alert: " + v));
        }
        assertThat(problems).isEmpty();
        assertThat(assessments).isGreaterThan(100);
        // the optional parts appear too: comments and expected bands
        assertThat(cohort.administrations()).anyMatch(a -> a.comment().isPresent());
        assertThat(bands).isPositive();
    }

    @Test
    void theSchemasRejectWhatTheReaderRejects() throws Exception {
        JsonSchema adm = schema("administration.schema.json");
        assertThat(check(adm, "{\"patientId\":\"p\",\"instrumentId\":\"odsis\",\"occasion\":0,\"answers\":{\"q1\":1}}")).isEmpty();
        for (String bad : new String[] {
            "{\"instrumentId\":\"odsis\",\"occasion\":0,\"answers\":{}}",
            "{\"patientId\":\"p\",\"instrumentId\":\"odsis\",\"occasion\":-1,\"answers\":{}}",
            "{\"patientId\":\"p\",\"instrumentId\":\"odsis\",\"occasion\":0,\"answers\":{\"q1\":1.5}}",
            "{\"patientId\":\"p\",\"instrumentId\":\"odsis\",\"occasion\":0,\"answers\":{},\"note\":\"x\"}",
            "{\"patient_id\":\"p\",\"instrument\":\"odsis\",\"occasion\":0,\"answers\":{}}"}) {
            assertThat(check(adm, bad)).as(bad).isNotEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RomJson.read(bad, Administration.class)).as(bad)
                    .isInstanceOf(org.openrom.core.RomException.class);
        }
        JsonSchema as = schema("patient-assessment.schema.json");
        TrackAssessment first = OutcomeMonitor.builder().rule("deterioration-or-no-change").build()
                .record(Administration.builder("p", "odsis", 0).answers("q", 1, 1, 1, 1, 1).build()).assessments().get(0);
        JsonNode ok = PLAIN.readTree(RomJson.write(new PatientAssessment("p", first)));
        assertThat(as.validate(ok)).isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) ok).put("status", "MAYBE");
        assertThat(as.validate(ok)).isNotEmpty();
    }
}
