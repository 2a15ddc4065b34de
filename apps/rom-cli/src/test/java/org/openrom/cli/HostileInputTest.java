package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.io.CohortInput;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;

/** Input that is broken or hostile: a clear error (exit 3) naming file and line, never free text, never a crash. */
class HostileInputTest {
    private static final String HEADER = "patient_id,occasion,instrument,item,value,comment\n";

    @TempDir
    Path tmp;

    private Cli track(String name, byte[] content) throws IOException {
        Path in = tmp.resolve(name);
        Files.write(in, content);
        Cli r = Cli.run("track", "--in", in.toString(), "--rule", "deterioration-or-no-change", "--out",
                tmp.resolve("out.jsonl").toString());
        assertThat(tmp.resolve("out.jsonl")).doesNotExist();
        return r;
    }

    private Cli track(String name, String content) throws IOException {
        return track(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void latin1AndUtf16AreNamedAsSuch() throws IOException {
        Cli latin1 = track("l.csv", (HEADER + "p1,0,odsis,q1,2,\nS\u00f8ren,0,odsis,q1,2,\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin1.exit).isEqualTo(3);
        assertThat(latin1.err).contains("l.csv:3: not UTF-8 text: invalid byte(s) at byte offset 68 (line 3)", "Latin-1");
        Cli utf16 = track("u.csv", (HEADER + "p1,0,odsis,q1,2,\n").getBytes(StandardCharsets.UTF_16));
        assertThat(utf16.exit).isEqualTo(3);
        assertThat(utf16.err).contains("u.csv:1: not UTF-8 text: the file looks like UTF-16");
        Cli binary = track("b.jsonl", new byte[] {0x50, 0x4b, 3, 4, 0, 0, 0, 1});
        assertThat(binary.exit).isEqualTo(3);
        assertThat(binary.err).contains("b.jsonl:1: not UTF-8 text", "NUL bytes");
    }

    @Test
    void anEndlessLineIsRejectedBeforeItIsHeld() throws IOException {
        byte[] line = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(line, (byte) 'x');
        Cli r = track("big.jsonl", line);
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("big.jsonl:1: line 1 is longer than 16777216 characters");
    }

    @Test
    void aDuplicateHeaderColumnAndSurplusFieldsAreErrors() throws IOException {
        Cli dup = track("d.csv", "patient_id,occasion,instrument,item,value,value\np1,0,odsis,q1,2,3\n");
        assertThat(dup.exit).isEqualTo(3);
        assertThat(dup.err).contains("d.csv:1:6: malformed CSV header: column 6 repeats an earlier name", "a column name appears twice");
        Cli extra = track("e.csv", HEADER + "p1,0,odsis,q1,2,I feel, honestly, awful\n");
        assertThat(extra.exit).isEqualTo(3);
        assertThat(extra.err).contains("e.csv:2:7: the row has 8 fields, the header 6 (an unquoted comma in a text field?)")
                .doesNotContain("awful", "honestly");
    }

    @Test
    void aHeaderlessFileNeverEchoesItsFirstRow() throws IOException {
        Cli r = track("h.csv", "p1,0,odsis,q1,2,I want to die\n");
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("h.csv:1: header").doesNotContain("want", "die");
    }

    @Test
    void aShiftedColumnShowsOnlyTheShapeOfTheValue() throws IOException {
        // the comment landed in the value column (a field is missing): its words must not reach the message
        Cli r = track("s.csv", HEADER + "p1,0,odsis,q1,sad\n");
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("s.csv:2:5: column value: got a text of 3 characters").doesNotContain("sad");
        Cli json = track("j.jsonl", "{\"patientId\":\"p1\",\"occasion\":\"hopeless\",\"instrumentId\":\"odsis\",\"answers\":{}}\n");
        assertThat(json.exit).isEqualTo(3);
        assertThat(json.err).contains("j.jsonl:1: not an administration: occasion: got a text of 8 characters")
                .doesNotContain("hopeless");
        Cli syntax = track("k.jsonl", "{\"patientId\":\"p1\",\"comment\": lonely and scared}\n");
        assertThat(syntax.exit).isEqualTo(3);
        assertThat(syntax.err).contains("k.jsonl:1:").doesNotContain("lonely", "scared");
    }

    @Test
    void impossibleScoresOfInstalledScalesAreRejected() throws IOException {
        for (String bad : new String[] {"150", "-50", "20.5"}) {
            Cli r = track("o.csv", "patient_id,occasion,scale,score\np1,0,odsis.total,12\np1,1,odsis.total," + bad + "\n");
            assertThat(r.exit).as(bad).isEqualTo(3);
            assertThat(r.err).contains("o.csv:3:4: column score: got '" + bad + "', expected a score of odsis.total in 0..20");
        }
        Cli who = track("w.csv", "patient_id,occasion,scale,score\np1,0,who5.percentage,500\n");
        assertThat(who.err).contains("expected a score of who5.percentage in 0..100");
    }

    @Test
    void idsAreNormalisedAlikeOnEveryPathAndControlCharactersRejected() throws IOException {
        // the same patient written NFD and padded in JSON Lines, NFC in CSV: one patient each time
        String nfd = "S\u00f8ren-e\u0301";
        Path jsonl = tmp.resolve("ids.jsonl");
        Files.writeString(jsonl, "{\"patientId\":\" " + nfd + " \",\"occasion\":0,\"instrumentId\":\"odsis\",\"answers\":"
                + "{\"q1\":2,\"q2\":2,\"q3\":2,\"q4\":2,\"q5\":2}}\n{\"patientId\":\"S\u00f8ren-\u00e9\",\"occasion\":1,"
                + "\"instrumentId\":\"odsis\",\"answers\":{\"q1\":4,\"q2\":4,\"q3\":2,\"q4\":2,\"q5\":2}}\n");
        Cli r = Cli.run("track", "--in", jsonl.toString(), "--rule", "deterioration-or-no-change");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out.lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"patientId\":\"S\u00f8ren-\u00e9\""));
        assertThat(r.out).contains("\"status\":\"NOT_ON_TRACK\"");
        Cli ansi = track("a.csv", HEADER + "p\u001b[2J,0,odsis,q1,2,\n");
        assertThat(ansi.exit).isEqualTo(3);
        assertThat(ansi.err).doesNotContain("\u001b").contains("a.csv:2:1: column patient_id");
    }

    @Test
    void aFileThatChangesBetweenPassesIsAnError() throws IOException {
        Path in = tmp.resolve("scores.csv");
        Files.writeString(in, "patient_id,occasion,scale,score\np1,0,hamd,20\np1,1,hamd,18\n");
        CohortInput input = CohortInput.open(in, null, InstrumentRegistry.loadDefault(), Direction.LOWER_IS_BETTER,
                new PrintWriter(Writer.nullWriter()));
        Common.externalScales(input); // the first full pass
        Files.writeString(in, "p1,2,hamd,30\n", StandardOpenOption.APPEND); // the export is still being written
        assertThatThrownBy(() -> input.forEachPatient(p -> { })).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("scores.csv: the file changed while it was being read");
        // same size, other bytes
        Files.writeString(in, "patient_id,occasion,scale,score\np1,0,hamd,20\np1,1,hamd,18\n");
        CohortInput again = CohortInput.open(in, null, InstrumentRegistry.loadDefault(), Direction.LOWER_IS_BETTER,
                new PrintWriter(Writer.nullWriter()));
        Common.externalScales(again);
        Files.writeString(in, "patient_id,occasion,scale,score\np1,0,hamd,20\np1,1,hamd,19\n");
        assertThatThrownBy(() -> again.forEachPatient(p -> { })).hasMessageContaining("the file changed");
    }

    @Test
    void aFullDiskIsReportedAsSuchNotAsBadInput() throws Exception {
        // a private node with the numbers of /dev/full (every write fails with ENOSPC), never the real one
        Process id = new ProcessBuilder("id", "-u").start();
        org.assertj.core.api.Assumptions.assumeThat(new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                .as("making a device node needs root (CI runs as root)").isEqualTo("0");
        Path full = tmp.resolve("full");
        assertThat(new ProcessBuilder("mknod", "-m", "666", full.toString(), "c", "1", "7").start().waitFor()).isZero();
        Cli r = Cli.run("score", "--in", Cli.resource("small-tidy.csv").toString(), "--out", full.toString());
        assertThat(r.exit).isEqualTo(RomCli.OUTPUT_FAILED);
        assertThat(r.err).contains("cannot write " + full, "No space left on device").doesNotContain("malformed");
        assertThat(java.nio.file.Files.isRegularFile(full)).isFalse();
    }

    @Test
    void anUnknownPatientDoesNotListTheOthers() {
        Cli r = Cli.run("report", "--in", Cli.resource("small-tidy.csv").toString(), "--patient", "nobody", "--rule",
                "deterioration-or-no-change", "--out", tmp.toString());
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("patient 'nobody' is not in small-tidy.csv").doesNotContain("p2");
    }

    @Test
    void nonFiniteAndImpossibleOptionsAreUsageErrors() {
        String hamd = Cli.resource("claus-hamd.csv").toString();
        for (String[] o : new String[][] {{"--reliability", "NaN"}, {"--reliability", "Infinity"}, {"--sd-pre", "-Infinity"},
            {"--critical", "NaN"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("change", "--in", hamd, "--scale", "hamd",
                    "--pre", "1", "--post", "4", "--reliability", "0.8"));
            args.addAll(java.util.List.of(o));
            Cli r = Cli.run(args.toArray(new String[0]));
            assertThat(r.exit).as(String.join(" ", o)).isEqualTo(2);
            assertThat(r.err).contains(o[0], "finite");
        }
        String tidy = Cli.resource("small-tidy.csv").toString();
        for (String sweep : new String[] {"deterioration=NaN..5", "deterioration=2..Infinity", "deterioration=5..2",
            "deterioration=2..5:NaN"}) {
            Cli r = Cli.run("compare", "--in", tidy, "--rule", "deterioration-or-no-change", "--outcome", "not-improved",
                    "--sweep", sweep);
            assertThat(r.exit).as(sweep).isEqualTo(3);
            assertThat(r.err).contains("--sweep");
        }
        Cli by = Cli.run("compare", "--in", tidy, "--rule", "deterioration-or-no-change", "--outcome", "not-improved:by=NaN");
        assertThat(by.exit).isEqualTo(3);
        assertThat(by.err).contains("by=NaN: expected a finite number > 0");
        Cli huge = Cli.run("generate", "--patients", "2147483647", "--out", tmp.resolve("g.csv").toString());
        assertThat(huge.exit).isEqualTo(2);
        assertThat(huge.err).contains("--patients must be in 1..100000000, got 2147483647");
    }

    @Test
    void idsThatASpreadsheetWouldEvaluateAreNeutralisedInCsvOutput() throws IOException {
        Path in = tmp.resolve("f.csv");
        Files.writeString(in, "patient_id,occasion,scale,score\n=HYPERLINK(1),1,hamd,20\n=HYPERLINK(1),4,hamd,8\n"
                + "@SUM(1),1,hamd,20\n@SUM(1),4,hamd,10\n+1,1,hamd,20\n+1,4,hamd,12\np,1,hamd,20\np,4,hamd,19\n");
        Cli r = Cli.run("change", "--in", in.toString(), "--scale", "hamd", "--pre", "1", "--post", "4", "--reliability", "0.8",
                "--sd-pre", "5", "--format", "csv");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out.lines().skip(1).map(l -> l.substring(0, l.indexOf(','))))
                .containsExactlyInAnyOrder("'+1", "'=HYPERLINK(1)", "'@SUM(1)", "p");
    }
}
