package org.openrom.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.cli.RomCli;

/** The CLI gives byte-identical outputs for the same data whatever the order of patients in the input. */
class DeterminismTest {
    @TempDir
    Path tmp;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        int code = RomCli.run(args, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void shuffledPatientsGiveIdenticalOutputs() throws IOException {
        Path sorted = tmp.resolve("sorted.csv");
        run("generate", "--patients", "40", "--seed", "4", "--out", sorted.toString());
        List<String> lines = Files.readAllLines(sorted, StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(rows, new Random(1));
        Path shuffled = tmp.resolve("shuffled.csv");
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        out.addAll(rows);
        Files.write(shuffled, out, StandardCharsets.UTF_8);
        for (String cmd : new String[] {"track", "score"}) {
            String[] extra = cmd.equals("track") ? new String[] {"--rule", "deterioration-or-no-change", "--rule", "reliable-change:sd-pre=3"}
                    : new String[0];
            List<String> a = new ArrayList<>(List.of(cmd, "--in", sorted.toString()));
            a.addAll(List.of(extra));
            List<String> b = new ArrayList<>(List.of(cmd, "--in", shuffled.toString()));
            b.addAll(List.of(extra));
            String first = run(a.toArray(new String[0]));
            assertThat(first).isNotEmpty();
            assertThat(run(b.toArray(new String[0]))).as(cmd).isEqualTo(first);
            assertThat(run(a.toArray(new String[0]))).as(cmd + " twice").isEqualTo(first);
        }
        assertThat(run("compare", "--in", shuffled.toString(), "--rule", "deterioration-or-no-change", "--outcome",
                "not-improved:by=4")).isEqualTo(run("compare", "--in", sorted.toString(), "--rule", "deterioration-or-no-change",
                        "--outcome", "not-improved:by=4"));
    }
}
