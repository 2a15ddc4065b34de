package org.openrom.cds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.cds.FeedbackFixture;
import org.openrom.cds.FeedbackStore;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.spi.RuleEnvironment;

/**
 * The feedback store as an operator meets it: read by {@code rom compare --feedback} in another process while the
 * service holds it, never created by a mistyped path, and never showing a password.
 */
class FeedbackStoreOperationsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    /** Runs rom in its own JVM, with this test's class path (rom-cli and the CDS plugin). */
    static Run rom(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.openrom.cli.RomCli"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("rom", ".out");
        Path err = Files.createTempFile("rom", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                StandardCharsets.UTF_8));
    }

    @Test
    void compareReadsTheStoreWhileTheServiceHoldsIt() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("fb").toAbsolutePath();
        String spec = RuleRegistry.loadDefault().create("deterioration-or-no-change",
                RuleEnvironment.of(InstrumentRegistry.loadDefault())).ref().spec();
        FeedbackFixture.write(url, Instant.now(), List.of(new String[] {"a", "not", spec}, new String[] {"b", "not", spec}),
                List.<String[]>of(new String[] {"a", "accepted", null}));
        Path cohort = tmp.resolve("cohort.csv");
        assertThat(Rom.run("generate", "--patients", "40", "--seed", "3", "--out", cohort.toString())[0]).isEqualTo("0");
        // the service's process holds the store open; rom compare runs in another process
        try (FeedbackStore held = FeedbackStore.open(url, null, null)) {
            Run r = rom("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                    "not-improved:scale=odsis.total,by=3", "--feedback", url, "--quiet");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Clinician feedback on each rule's CDS cards", "| 2 | 1 (50%) | 0 (0%) | 1 (50%) |");
            assertThat(held).isNotNull(); // still open: the read went through the holder's process
        }
    }

    @Test
    void aMistypedStoreIsAnErrorAndNoNewDatabase() throws Exception {
        Path cohort = tmp.resolve("cohort.csv");
        assertThat(Rom.run("generate", "--patients", "20", "--seed", "3", "--out", cohort.toString())[0]).isEqualTo("0");
        String[] r = Rom.run("compare", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:scale=odsis.total,by=3", "--feedback", "jdbc:h2:file:" + tmp.resolve("typo").toAbsolutePath(),
                "--quiet");
        assertThat(r[0]).isEqualTo("3");
        assertThat(r[2]).contains("cannot read the CDS feedback store");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("typo"));
        }
    }

    @Test
    void noPasswordReachesAMessageAndAStoreThatCannotOpenIsNoStackTrace() {
        String url = "jdbc:nosuchdriver://db.example:5432/rom?user=rom&password=s3cret";
        String[] serve = Rom.run("serve", "--rule", "deterioration-or-no-change", "--trust",
                "https://ehr.example=http://127.0.0.1:9/jwks.json", "--port", "0", "--feedback-db", url);
        assertThat(serve[0]).isEqualTo("3");
        assertThat(serve[2]).contains("cannot open the feedback store", "password=***").doesNotContain("s3cret", "\tat ");
        String[] compare = Rom.run("compare", "--in", "nothing.csv", "--rule", "x", "--outcome", "y", "--feedback",
                "jdbc:postgresql://rom:s3cret@db.example/rom");
        assertThat(compare[2]).doesNotContain("s3cret");
    }
}
