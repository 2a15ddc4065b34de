package org.openrom.cds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.cds.FeedbackFixture;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.spi.RuleEnvironment;

/** {@code rom compare --feedback}: each rule's cards accepted, overridden or ignored, beside its accuracy. */
class CompareFeedbackTest {
    @TempDir
    Path tmp;

    @Test
    void compareReportsTheCliniciansFeedbackPerRule() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("fb").toAbsolutePath();
        String spec = RuleRegistry.loadDefault().create("deterioration-or-no-change",
                RuleEnvironment.of(InstrumentRegistry.loadDefault())).ref().spec();
        FeedbackFixture.write(url, Instant.parse("2024-01-01T10:00:00Z"),
                List.of(new String[] {"a", "not", spec}, new String[] {"b", "not", spec}, new String[] {"c", "not", spec},
                        new String[] {"d", "critical", "phq9-self-harm"}),
                List.of(new String[] {"a", "accepted", null}, new String[] {"b", "overridden", "clinical-judgement"}));
        Path cohort = tmp.resolve("cohort.csv");
        assertThat(Rom.run("generate", "--patients", "80", "--seed", "2", "--out", cohort.toString())[0]).isEqualTo("0");
        String[] md = Rom.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "persistent:k=2,rule=(deterioration-or-no-change)", "--outcome", "not-improved:scale=odsis.total,by=3",
                "--feedback", url, "--quiet");
        assertThat(md[0]).as(md[2]).isEqualTo("0");
        java.nio.file.Files.writeString(Path.of("target", "compare-feedback-example.md"), md[1]); // for docs/cds-hooks.md
        assertThat(md[1]).contains("Clinician feedback on each rule's CDS cards", "| 3 | 1 (33%) | 1 (33%) | 1 (33%) |",
                "| 0 | — | — | — |");
        String[] json = Rom.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:scale=odsis.total,by=3", "--feedback", url, "--format", "json", "--quiet");
        assertThat(json[1]).contains("\"cds_feedback\"", "\"accepted\" : 1", "\"ignored\" : 1");
        String[] csv = Rom.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:scale=odsis.total,by=3", "--feedback", url, "--format", "csv", "--quiet");
        List<String> lines = csv[1].lines().toList();
        assertThat(lines.get(0)).endsWith(",cds_cards,cds_accepted,cds_overridden,cds_ignored");
        assertThat(lines.get(1)).endsWith(",3,1,1,1");
        String[] bad = Rom.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:scale=odsis.total,by=3", "--feedback", "jdbc:nothing:here");
        assertThat(bad[0]).isEqualTo("3");
        assertThat(bad[2]).contains("cannot read the CDS feedback store");
    }

    @Test
    void aPasswordInTheStoresUrlNeverReachesTheManifest() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("secret").toAbsolutePath() + ";USER=rom;PASSWORD=canary-s3cret";
        String spec = RuleRegistry.loadDefault().create("deterioration-or-no-change",
                RuleEnvironment.of(InstrumentRegistry.loadDefault())).ref().spec();
        FeedbackFixture.write(url, Instant.parse("2024-01-01T10:00:00Z"), List.<String[]>of(new String[] {"a", "not", spec}),
                List.<String[]>of(new String[] {"a", "accepted", null}));
        Path cohort = tmp.resolve("cohort.csv");
        assertThat(Rom.run("generate", "--patients", "40", "--seed", "3", "--out", cohort.toString())[0]).isEqualTo("0");
        Path manifest = tmp.resolve("manifest.json");
        String[] run = Rom.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:scale=odsis.total,by=3", "--feedback", url, "--manifest", manifest.toString(), "--quiet");
        assertThat(run[0]).as(run[2]).isEqualTo("0");
        assertThat(run[1]).contains("Clinician feedback on each rule's CDS cards"); // the password opened the store
        String written = java.nio.file.Files.readString(manifest);
        assertThat(written).contains("PASSWORD=***").doesNotContain("canary-s3cret");
        // a refused store: the message names the store without its password
        String[] bad = Rom.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:scale=odsis.total,by=3", "--feedback", url.replace("canary-s3cret", "canary-wr0ng"));
        assertThat(bad[0]).isEqualTo("3");
        assertThat(bad[2]).contains("cannot read the CDS feedback store").doesNotContain("canary-wr0ng");
    }
}
