package org.openrom.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.cli.RomCli;

/** A heap too small for the input is a clear error with its own exit code, never a stack trace or a partial file. */
@Tag("slow") // left out of the fast build (mvn -Dfast verify); CI runs it
@Timeout(120)
class MemoryLimitTest {
    @TempDir
    Path tmp;

    @Test
    void outOfMemoryIsExitFiveWithAMessageAndNoOutput() throws Exception {
        Path in = tmp.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(in)) {
            w.write("patient_id,occasion,scale,score\n");
            for (int i = 0; i < 600_000; i++) {
                w.write("patient-" + i + ",1,hamd," + (10 + i % 20) + "\npatient-" + i + ",4,hamd," + (i % 30) + "\n");
            }
        }
        Path out = tmp.resolve("change.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"), RomCli.class.getName(),
                "change", "--in", in.toString(), "--scale", "hamd", "--pre", "1", "--post", "4", "--reliability", "0.8",
                "--out", out.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("log.txt"));
        assertThat(p.exitValue()).as(log).isEqualTo(RomCli.OUT_OF_MEMORY);
        // the message names the input it was reading
        assertThat(log).contains("rom: out of memory reading " + in + " (Java heap ", "Give the JVM more (ROM_JAVA_OPTS=-Xmx4g ./rom ..., or java -Xmx4g")
                .doesNotContain("Exception", "\tat ");
        assertThat(out).doesNotExist();
    }
}
