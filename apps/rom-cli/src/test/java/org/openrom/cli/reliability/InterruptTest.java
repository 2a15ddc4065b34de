package org.openrom.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.cli.RomCli;

/** An interrupted run (SIGTERM) leaves neither the output file nor a temporary file behind. */
@Tag("slow") // left out of the fast build (mvn -Dfast verify); CI runs it
@Timeout(180)
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermLeavesNoPartialOutput() throws Exception {
        Path cohort = tmp.resolve("cohort.csv");
        assertThat(RomCli.run(new String[] {"generate", "--patients", "8000", "--seed", "1", "--out", cohort.toString()},
                new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()))).isZero();
        Path out = tmp.resolve("track.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RomCli.class.getName(), "track",
                "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--rule", "percent-change", "--rule",
                "reliable-change:sd-pre=3", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        // wait until the temporary output exists and grows, then interrupt
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && temporaryFiles().isEmpty() && p.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the run should still be going (input too small?)").isTrue();
        assertThat(temporaryFiles()).isNotEmpty();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void sigkillLeavesOnlyAnOwnerOnlyTemporaryThatTheNextRunRemoves() throws Exception {
        Path cohort = tmp.resolve("cohort.csv");
        assertThat(RomCli.run(new String[] {"generate", "--patients", "8000", "--seed", "1", "--out", cohort.toString()},
                new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()))).isZero();
        Path out = tmp.resolve("track.jsonl");
        String[] args = {"track", "--in", cohort.toString(), "--rule", "deterioration-or-no-change", "--out", out.toString()};
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), RomCli.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && temporaryFiles().isEmpty() && p.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the run should still be going (input too small?)").isTrue();
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotExist();
        List<Path> left = temporaryFiles();
        assertThat(left).hasSize(1);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(left.get(0))))
                .isEqualTo("rw-------");
        assertThat(RomCli.run(args, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()))).isZero();
        assertThat(out).exists();
        assertThat(temporaryFiles()).isEmpty();
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

}
