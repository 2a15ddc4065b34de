package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.ValidationException;
import org.openrom.core.score.Administration;

/**
 * The defects of the first review that were still there at the door (issue 26): each failed before its fix.
 * Free text is never echoed, a huge line names its file, a lone surrogate is the input's fault, I/O errors say why,
 * impossible analyses are refused, one administration has one date, group and comment and each answer once, and
 * configuration text is quoted short and safe.
 */
class FirstReviewDefectsTest {
    @TempDir
    Path tmp;

    Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static final String ODSIS = "\"instrumentId\":\"odsis\",\"occasion\":0";

    @Test
    void aPatientsWordsInAJsonLinesAnswerAreNeverEchoed() throws IOException {
        Path in = file("a.jsonl", "{\"patientId\":\"p-1\"," + ODSIS + ",\"answers\":{\"q1\":\"worthless\",\"q2\":1,\"q3\":1,"
                + "\"q4\":1,\"q5\":1}}\n");
        Cli r = Cli.run("score", "--in", in.toString());
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("answers.q1", "<text of 9 characters>").doesNotContain("worthless");
    }

    @Test
    void aHugeFirstLineNamesTheFileEvenInASmallHeap() throws Exception {
        // 40 MB on one line, and a JVM of 48 MB: the format check used to hold the whole line and run out of memory
        Path in = tmp.resolve("big.jsonl");
        try (var w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
            w.write("{\"patientId\":\"p-1\"," + ODSIS + ",\"comment\":\"");
            char[] block = new char[1 << 20];
            java.util.Arrays.fill(block, 'x');
            for (int i = 0; i < 40; i++) {
                w.write(block);
            }
            w.write("\"}\n");
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), "org.openrom.cli.RomCli", "score", "--in", in.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(3);
        assertThat(out).contains("big.jsonl", "longer than");
    }

    @Test
    void aLoneSurrogateInAPatientIdIsTheInputsFaultAndNothingIsWritten() throws IOException {
        Path in = file("s.jsonl", "{\"patientId\":\"p\\ud8001\"," + ODSIS + ",\"answers\":{\"q1\":1,\"q2\":1,\"q3\":1,"
                + "\"q4\":1,\"q5\":1}}\n");
        Path out = tmp.resolve("o.jsonl");
        Cli r = Cli.run("score", "--in", in.toString(), "--out", out.toString());
        assertThat(r.exit).as(r.err).isEqualTo(3);
        assertThat(r.err).contains("s.jsonl:1", "patientId", "unpaired surrogate").doesNotContain("cannot write");
        assertThat(out).doesNotExist();
        assertThatThrownBy(() -> Administration.builder("p\ud800", "odsis", 0).answer("q1", 1).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("patientId");
    }

    @Test
    void ioFailuresSayWhyAndAPipeIsNotCalledMissing() throws Exception {
        assertThat(Cli.run("score", "--in", tmp.toString()).err).contains("a directory, expected a file");
        assertThat(Cli.run("score", "--in", tmp.resolve("nope.csv").toString()).err).contains("no such file");
        Path fifo = tmp.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0) {
            Cli r = Cli.run("score", "--in", fifo.toString());
            assertThat(r.exit).isEqualTo(3);
            assertThat(r.err).contains("not a regular file (a pipe or a device)").doesNotContain("no such file");
        }
        assertThat(RomCli.ioReason(new java.nio.file.AccessDeniedException("/data/x.csv"))).isEqualTo("/data/x.csv: permission denied");
        assertThat(RomCli.ioReason(new java.nio.file.FileSystemException("/data/x.csv", null, "Disk quota exceeded")))
                .isEqualTo("/data/x.csv: Disk quota exceeded");
        assertThat(RomCli.ioReason(new IOException())).isEqualTo("IOException");
    }

    @Test
    void impossibleAnalysesAreRefused() throws IOException {
        Path in = tmp.resolve("g.csv");
        assertThat(Cli.run("generate", "--patients", "12", "--out", in.toString()).exit).isZero();
        Cli same = Cli.run("change", "--in", in.toString(), "--scale", "odsis.total", "--pre", "0", "--post", "0",
                "--reliability", "0.8");
        assertThat(same.exit).isEqualTo(2);
        assertThat(same.err).contains("--post: got 0, expected an occasion after --pre 0");
        assertThat(Cli.run("change", "--in", in.toString(), "--scale", "odsis.total", "--pre", "5", "--post", "1",
                "--reliability", "0.8").exit).isEqualTo(2);
        assertThat(Cli.run("change", "--in", in.toString(), "--scale", "odsis.total", "--pre", "-1", "--post", "1",
                "--reliability", "0.8").err).contains("--pre: got -1, expected an occasion >= 0");
        assertThatThrownBy(() -> org.openrom.rules.research.RuleSweep.specs("reliable-change", "critical=0..1000:1"))
                .hasMessageContaining("at most 1000 values");
        assertThat(org.openrom.rules.research.RuleSweep.specs("reliable-change", "critical=1..1000:1")).hasSize(1000);
    }

    @Test
    void oneAdministrationHasOneDateOneGroupOneCommentAndEachAnswerOnce() throws IOException {
        String head = "patient_id,occasion,instrument,item,value,date,group_id,comment\n";
        Cli dates = Cli.run("score", "--in", file("d.csv", head + "p-1,0,odsis,q1,1,2024-01-01,g,\n"
                + "p-1,0,odsis,q2,1,2024-01-08,g,\n").toString());
        assertThat(dates.exit).isEqualTo(3);
        assertThat(dates.err).contains("d.csv:3", "column date", "one administration, one date");
        Cli groups = Cli.run("score", "--in", file("g.csv", head + "p-1,0,odsis,q1,1,2024-01-01,g1,\n"
                + "p-1,0,odsis,q2,1,2024-01-01,g2,\n").toString());
        assertThat(groups.exit).isEqualTo(3);
        assertThat(groups.err).contains("column group_id", "one administration, one group");
        Cli comments = Cli.run("score", "--in", file("c.csv", head + "p-1,0,odsis,q1,1,2024-01-01,g,tired\n"
                + "p-1,0,odsis,q2,1,2024-01-01,g,sad\n").toString());
        assertThat(comments.exit).isEqualTo(3);
        assertThat(comments.err).contains("one comment per administration").doesNotContain("tired").doesNotContain("sad");
        assertThatThrownBy(() -> Administration.builder("p-1", "odsis", 0).answer("q1", 1).answer("q1", 3).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.path()).isEqualTo("answers.q1")));
        assertThatThrownBy(() -> Administration.builder("p-1", "odsis", 0).text("q1", "a").text("q1", "b").build())
                .hasMessageContaining("texts.q1");
    }

    @Test
    void configurationTextIsQuotedShortAndSafe() throws IOException {
        Path in = tmp.resolve("g.csv");
        assertThat(Cli.run("generate", "--patients", "6", "--out", in.toString()).exit).isZero();
        Cli huge = Cli.run("track", "--in", in.toString(), "--rule", "x".repeat(60_000) + "(");
        assertThat(huge.exit).isEqualTo(3);
        assertThat(huge.err.length()).isLessThan(1_000);
        assertThat(huge.err).contains("(60001 characters)");
        Cli escape = Cli.run("track", "--in", in.toString(), "--rule", "bad\u001b[31mred");
        assertThat(escape.err).doesNotContain("\u001b").contains("\\u001b");
        Cli twice = Cli.run("track", "--in", in.toString(), "--rule", "deterioration-or-no-change", "--rule",
                "deterioration-or-no-change:deterioration=3");
        assertThat(twice.exit).isEqualTo(3);
        assertThat(twice.err).contains("the same rule as an earlier --rule");
        Cli fullWidth = Cli.run("track", "--in", in.toString(), "--rule", "persistent:k=\uff13,rule=(deterioration-or-no-change)");
        assertThat(fullWidth.exit).isEqualTo(3);
        assertThat(fullWidth.err).contains("parameter k=");
        Path wide = file("wide.csv", "patient_id,occasion,instrument,item,value," + "c,".repeat(0)
                + java.util.stream.IntStream.range(0, 50_000).mapToObj(i -> "c" + i).collect(java.util.stream.Collectors.joining(","))
                + "\np-1,0,odsis,q1,1" + ",".repeat(50_000) + "\n");
        Cli many = Cli.run("score", "--in", wide.toString());
        assertThat(many.err).contains("ignoring 50000 extra columns", "'c19' and 49980 more");
        assertThat(many.err.length()).isLessThan(1_000);
    }

    @Test
    void anOverLongPatientIdIsNamedByItsShapeEverywhere() {
        assertThatThrownBy(() -> org.openrom.core.history.PatientHistory.of("p".repeat(300)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("patientId: got <text of 300 characters>")
                .hasMessageContaining("at most 128 characters").hasMessageNotContaining("ppppp");
    }

    @Test
    void aMalformedRecordBesideACriticalAnswerNeverSilencesIt() throws IOException {
        String phq9 = "{\"patientId\":\"p-1\",\"instrumentId\":\"phq9\",\"occasion\":0,\"answers\":{\"q1\":1,\"q2\":1,"
                + "\"q3\":1,\"q4\":1,\"q5\":1,\"q6\":1,\"q7\":1,\"q8\":1,\"q9\":2}}\n";
        String bad = "{\"patientId\":\"p-2\"," + ODSIS + ",\"answers\":{\"q1\":9,\"q2\":1,\"q3\":1,\"q4\":1,\"q5\":1}}\n";
        Path alerts = tmp.resolve("alerts.jsonl");
        for (String cmd : new String[] {"score", "track"}) {
            // the alert comes first: the run stops at the bad record, and the alert is still delivered
            Cli r = cmd.equals("score") ? Cli.run("score", "--in", file("a.jsonl", phq9 + bad).toString(), "--alerts",
                    alerts.toString(), "--out", tmp.resolve("o.jsonl").toString())
                    : Cli.run("track", "--in", file("a.jsonl", phq9 + bad).toString(), "--rule", "deterioration-or-no-change",
                            "--alerts", alerts.toString(), "--out", tmp.resolve("o.jsonl").toString());
            assertThat(r.exit).isEqualTo(3);
            assertThat(r.err).contains("a.jsonl:2", "every record of " + tmp.resolve("a.jsonl")
                    + " was still checked for critical answers on its own (2 records)", "1 safety alert (critical "
                    + "items) are in " + alerts).doesNotContain("could not be read", "left out of a record");
            assertThat(Files.readAllLines(alerts)).hasSize(1).allMatch(l -> l.contains("phq9-self-harm"));
            assertThat(tmp.resolve("o.jsonl")).doesNotExist();
            Files.delete(alerts);
        }
        // the bad record comes first: the records after it are checked all the same
        Cli r = Cli.run("score", "--in", file("b.jsonl", bad + phq9).toString(), "--alerts", alerts.toString());
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("b.jsonl:1", "checked for critical answers on its own (2 records)",
                "1 safety alert (critical items) are in " + alerts);
        assertThat(Files.readAllLines(alerts)).hasSize(1).allMatch(l -> l.contains("\"patientId\":\"p-1\""));
        Files.delete(alerts);
        // a CSV row refused while the file is read stops the run before any patient is delivered: the item 9 answer
        // of 2 on the rows before it and the one on the rows after it are still reported, and a row that cannot be
        // read is counted where the user looks
        StringBuilder csv = new StringBuilder("patient_id,occasion,instrument,item,value,date\n");
        for (String p : new String[] {"p1", "p3"}) {
            for (int q = 1; q <= 9; q++) {
                csv.append(p).append(",0,phq9,q").append(q).append(',').append(q == 9 ? 2 : 1).append(",2026-01-0")
                        .append(p.charAt(1)).append('\n');
            }
            csv.append(p.equals("p1") ? "p2,0,phq9,q1,9,2026-01-02\np2,0,phq9,q9,7,2026-01-02\n" : "");
        }
        Cli c = Cli.run("track", "--in", file("c.csv", csv.toString()).toString(), "--rule",
                "deterioration-or-no-change:scale=phq9.total", "--alerts", alerts.toString());
        assertThat(c.exit).isEqualTo(3);
        assertThat(c.err).contains("c.csv:11:5", "every record of " + tmp.resolve("c.csv") + " was still checked for "
                + "critical answers on its own (20 records), except 1 that could not be read (the first at "
                + tmp.resolve("c.csv") + ":12): a critical answer may hide there", "critical items left out of a record "
                + "(unanswered) are checked only when the file is read in full", "2 safety alerts (critical items) are in " + alerts);
        assertThat(Files.readAllLines(alerts)).hasSize(2).allMatch(l -> l.contains("\"code\":\"phq9-self-harm\""))
                .anyMatch(l -> l.contains("\"p1\"") && l.contains("2026-01-01"))
                .anyMatch(l -> l.contains("\"p3\"") && l.contains("2026-01-03"));
        // without --alerts the count still reaches stderr, with the way to write them
        Cli quiet = Cli.run("score", "--in", tmp.resolve("c.csv").toString(), "--quiet");
        assertThat(quiet.err).contains("2 safety alerts (critical items) found: write them with --alerts FILE");
    }

    @Test
    void aNullOccasionIsCalledNullNotMissing() throws IOException {
        Cli r = Cli.run("score", "--in", file("n.jsonl", "{\"patientId\":\"p-1\",\"instrumentId\":\"odsis\",\"occasion\":null,"
                + "\"answers\":{\"q1\":1,\"q2\":1,\"q3\":1,\"q4\":1,\"q5\":1}}\n").toString());
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.err).contains("occasion: got null, expected an integer");
        Cli missing = Cli.run("score", "--in", file("m.jsonl", "{\"patientId\":\"p-1\",\"instrumentId\":\"odsis\","
                + "\"answers\":{\"q1\":1,\"q2\":1,\"q3\":1,\"q4\":1,\"q5\":1}}\n").toString());
        assertThat(missing.err).contains("occasion: got missing, expected an integer");
    }
}
