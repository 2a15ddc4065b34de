package org.openrom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.json.RomJson;
import org.openrom.core.report.NotReport;
import org.openrom.core.track.TrackStatus;

/** Every example runs as a test, so it cannot rot. */
class ExamplesTest {

    @Test
    void ehrEmbedding() throws IOException {
        EhrEmbeddingExample.Output out = EhrEmbeddingExample.run(EhrEmbeddingExample.bundled());
        assertThat(out.transitions()).contains(
                "ehr-0042 deterioration-or-no-change ON_TRACK -> NOT_ON_TRACK at session 3",
                "ehr-0042 persistent ON_TRACK -> NOT_ON_TRACK at session 4");
        assertThat(out.reports()).hasSize(2);
        NotReport last = RomJson.read(out.reports().get(1), NotReport.class);
        assertThat(last.status()).isEqualTo(TrackStatus.NOT_ON_TRACK);
        assertThat(last.comments()).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo("A hard week at home."));
        assertThat(out.html()).contains("ODSIS 16 is 4 points worse than baseline 12 at session 4", "<svg");
        EhrEmbeddingExample.main(new String[0]);
    }

    @Test
    void customInstrumentPluginIsDiscovered() {
        assertThat(CustomInstrumentExample.run()).isEqualTo(
                "core10 from provider org.openrom.example.plugin.Core10Provider: total 15.56 (prorated true), at or above the cut-off 11");
    }

    @Test
    void thePluginsCriticalItemRaisesItsOwnAlerts() {
        org.openrom.core.instrument.Instrument core10 = org.openrom.core.instrument.InstrumentRegistry.loadDefault()
                .get("core10");
        assertThat(core10.criticalItems()).singleElement().satisfies(ci -> {
            assertThat(ci.itemId()).isEqualTo("q6");
            assertThat(ci.atLeast()).isEqualTo(2);
        });
        org.openrom.core.score.Administration.Builder b = org.openrom.core.score.Administration.builder("p-1", "core10", 0);
        for (int i = 1; i <= 10; i++) {
            b.answer("q" + i, i == 6 ? 3 : 1);
        }
        assertThat(core10.score(b.build()).alerts()).singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo("core10-risk");
            assertThat(a.severity()).isEqualTo(org.openrom.core.safety.Severity.HIGH);
        });
        org.openrom.core.score.Administration.Builder low = org.openrom.core.score.Administration.builder("p-1", "core10", 0);
        for (int i = 1; i <= 10; i++) {
            low.answer("q" + i, 1);
        }
        assertThat(core10.score(low.build()).alerts()).isEmpty();
        org.openrom.core.score.Administration.Builder skipped = org.openrom.core.score.Administration.builder("p-1",
                "core10", 1);
        for (int i = 1; i <= 10; i++) {
            if (i != 6) {
                skipped.answer("q" + i, 1);
            }
        }
        assertThat(core10.score(skipped.build()).alerts()).extracting(a -> a.code())
                .containsExactly("core10-risk-unanswered");
    }

    @Test
    void customRulePluginIsUsedByName() {
        List<String> lines = CustomRuleExample.run();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("session 0: INSUFFICIENT_DATA");
        assertThat(lines.get(5)).startsWith("session 5: NOT_ON_TRACK — ODSIS changed 1.00 points per session");
    }

    @Test
    void fhirEhr() {
        List<String> bundles = FhirEhrExample.run(FhirEhrExample.sampleResponses());
        assertThat(bundles).hasSize(3);
        assertThat(bundles.get(0)).contains("\"resourceType\": \"Bundle\"", "\"type\": \"transaction\"")
                .doesNotContain("\"resourceType\": \"Flag\"");
        assertThat(bundles.get(2)).contains("\"resourceType\": \"Flag\"", "\"resourceType\": \"Provenance\"",
                "ODSIS 15 is 3 points worse than baseline 12 at session 2");
    }

    @Test
    void researchComparison() {
        String table = ResearchComparisonExample.run(20, 11);
        assertThat(table).contains("| deterioration-or-no-change |", "| reliable-change |", "| expected-response |",
                "| persistent |");
        assertThat(table.lines().count()).isEqualTo(8);
    }
}
