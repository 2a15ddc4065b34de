package org.openrom.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./rom} script as the README uses it: the plugins' commands ({@code rom serve}, {@code rom fhir}) work
 * through it, and a command that is not there is an error, never the top-level help with exit 0. Runs on the jars
 * {@code mvn verify} built before this module (the script is told not to build).
 */
class WrapperScriptTest {
    private static final List<String> JARS = List.of("apps/rom-cli/target/rom.jar",
            "apps/rom-fhir-cli/target/rom-fhir-plugin.jar", "apps/rom-cds-cli/target/rom-cds-plugin.jar");

    record Run(int code, String out, String err) {
    }

    static Run rom(String... args) throws IOException, InterruptedException {
        return rom(java.util.Map.of(), args);
    }

    static Run rom(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", Repo.ROOT.resolve("rom").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OPENROM_ROM_NO_BUILD", "1");
        pb.environment().remove("ROM_JAVA_OPTS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("rom-out", ".txt");
        Path err = Files.createTempFile("rom-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("rom " + String.join(" ", args) + " finished").isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void thePluginsCommandsWorkThroughTheScript() throws Exception {
        for (String jar : JARS) {
            assumeThat(Files.exists(Repo.ROOT.resolve(jar))).as(jar + " (built by mvn verify from the root)").isTrue();
        }
        Run serve = rom("serve", "--help");
        assertThat(serve.code()).as(serve.err()).isZero();
        assertThat(serve.out()).startsWith("Usage: rom serve").contains("--trust");
        Run fhir = rom("fhir", "--help");
        assertThat(fhir.code()).as(fhir.err()).isZero();
        assertThat(fhir.out()).startsWith("Usage: rom fhir");
        Run unknown = rom("nosuch", "--help");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'nosuch'");
        assertThat(unknown.out()).doesNotContain("Usage: rom [");
    }

    /**
     * The script's JVM defaults (the java launcher reports the heap it was given through JDK_JAVA_OPTIONS): a batch
     * command gets the bounded heap, {@code rom serve} the JVM's own, and ROM_JAVA_OPTS replaces them.
     */
    @Test
    void batchCommandsGetABoundedHeapTheServiceItsOwnAndRomJavaOptsWins() throws Exception {
        for (String jar : JARS) {
            assumeThat(Files.exists(Repo.ROOT.resolve(jar))).as(jar + " (built by mvn verify from the root)").isTrue();
        }
        java.util.Map<String, String> show = java.util.Map.of("JDK_JAVA_OPTIONS", "-XshowSettings:vm");
        Run batch = rom(show, "--version");
        assertThat(batch.code()).as(batch.err()).isZero();
        assertThat(batch.err()).contains("Max. Heap Size: 320.00M");
        Run serve = rom(show, "serve", "--help");
        assertThat(serve.code()).as(serve.err()).isZero();
        assertThat(serve.err()).contains("Max. Heap Size").doesNotContain("Max. Heap Size: 320.00M");
        Run own = rom(java.util.Map.of("JDK_JAVA_OPTIONS", "-XshowSettings:vm", "ROM_JAVA_OPTS", "-Xmx200m"), "--version");
        assertThat(own.err()).contains("Max. Heap Size: 200.00M");
    }

    /**
     * The runnable jars' own log binding (Logback, asynchronous): a running {@code rom serve} writes one line per request
     * to standard error, with the reason of a refusal, and what is queued is written out when the process is stopped.
     */
    @Test
    void aRunningServiceLogsEachRequestThroughTheJarsBinding(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        for (String jar : JARS) {
            assumeThat(Files.exists(Repo.ROOT.resolve(jar))).as(jar + " (built by mvn verify from the root)").isTrue();
        }
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", Repo.ROOT.resolve("rom").toString(), "serve", "--port", "0",
                "--rule", "deterioration-or-no-change", "--trust", "https://ehr.example=http://127.0.0.1:9/jwks.json",
                "--feedback-db", "jdbc:h2:file:" + tmp.resolve("feedback").toAbsolutePath());
        pb.environment().put("OPENROM_ROM_NO_BUILD", "1");
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            String base = null;
            for (int i = 0; i < 300 && base == null; i++) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on (\\S+)")
                        .matcher(Files.readString(err, StandardCharsets.UTF_8));
                base = m.find() ? m.group(1) : null;
                if (base == null) {
                    assertThat(p.isAlive()).as(Files.readString(err, StandardCharsets.UTF_8)).isTrue();
                    Thread.sleep(100);
                }
            }
            assertThat(base).as("rom serve listens").isNotNull();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/cds-services")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
                    + "/cds-services/openrom-patient-view")).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        } finally {
            p.destroy(); // SIGTERM, as an operator stops it
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String log = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(log).contains("[INFO] org.openrom.cds.CdsService - GET /cds-services 200 ")
                .contains("[INFO] org.openrom.cds.CdsService - POST /cds-services/openrom-patient-view 401 ")
                .contains("a Bearer JWT in the Authorization header is required")
                .doesNotContain("SLF4J"); // no missing or second binding
    }
}
