package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.cli.io.FileNames;
import org.openrom.cli.io.OutputFolder;
import org.quicktheories.generators.Generate;

/** Outputs never destroy inputs, never replace devices, never expose partial patient data. */
class OutputSafetyTest {
    @TempDir
    Path tmp;

    private static String small() {
        return Cli.resource("small-tidy.csv").toString();
    }

    private static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    @Test
    void aFifoIsWrittenStraightThroughAndStaysAFifo() throws Exception {
        Path fifo = tmp.resolve("pipe");
        sh("mkfifo", fifo.toString());
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli r = Cli.run("score", "--in", small(), "--out", fifo.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(new String(reader.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8)).contains("\"odsis.total\"");
        assertThat(sh("stat", "-c", "%F", fifo.toString())).isEqualTo("fifo");
    }

    @Test
    void aDeviceNodeIsNeverReplacedByAFile() throws Exception {
        assumeThat(sh("id", "-u")).as("making a device node needs root (CI runs as root)").isEqualTo("0");
        Path device = tmp.resolve("null"); // a private node with the numbers of /dev/null, never the real one
        sh("mknod", "-m", "666", device.toString(), "c", "1", "3");
        Cli r = Cli.run("score", "--in", small(), "--out", device.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(sh("stat", "-c", "%F %t:%T %a", device.toString())).isEqualTo("character special file 1:3 666");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("null");
        }
    }

    @Test
    void dashIsStandardOutput() {
        Cli r = Cli.run("score", "--in", small(), "--out", "-");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("\"odsis.total\"");
        assertThat(Path.of("-")).doesNotExist();
    }

    @Test
    void anOutputThatIsAnInputIsRefusedBeforeAnythingIsRead() throws Exception {
        Path in = tmp.resolve("cohort.csv");
        Files.copy(Path.of(small()), in);
        byte[] before = Files.readAllBytes(in);
        Path link = tmp.resolve("link.csv");
        Files.createSymbolicLink(link, in);
        Path hard = tmp.resolve("hard.csv");
        Files.createLink(hard, in);
        for (String out : new String[] {in.toString(), link.toString(), hard.toString(), tmp.resolve("./x/../cohort.csv").toString()}) {
            for (String cmd : new String[] {"score", "track"}) {
                Cli r = cmd.equals("score") ? Cli.run("score", "--in", in.toString(), "--out", out)
                        : Cli.run("track", "--in", in.toString(), "--rule", "deterioration-or-no-change", "--out", out);
                assertThat(r.exit).as(cmd + " " + out).isEqualTo(2);
                assertThat(r.err).contains("--out", "is the same file as --in", "would destroy the input");
            }
        }
        Cli c = Cli.run("compare", "--in", in.toString(), "--rule", "deterioration-or-no-change", "--outcome", "not-improved",
                "--out", tmp.resolve("c.md").toString(), "--plot", tmp.resolve("c.md").toString());
        assertThat(c.exit).isEqualTo(2);
        assertThat(c.err).contains("--plot and --out name the same file");
        Cli g = Cli.run("generate", "--patients", "8", "--out", tmp.resolve("g.csv").toString(), "--truth", tmp.resolve("g.csv").toString());
        assertThat(g.exit).isEqualTo(2);
        assertThat(g.err).contains("--truth and --out name the same file");
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
        assertThat(tmp.resolve("g.csv")).doesNotExist();
    }

    @Test
    void temporaryAndNewOutputFilesAreOwnerOnlyAndReplacedFilesKeepTheirPermissions() throws Exception {
        Path target = tmp.resolve("out.jsonl");
        try (AtomicOutput o = AtomicOutput.open(target)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(o.temporaryFile()))).isEqualTo("rw-------");
            o.writer().write("x\n");
            o.commit();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        Cli r = Cli.run("score", "--in", small(), "--out", target.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        assertThatThrownBy(() -> AtomicOutput.open(tmp)).hasMessageContaining("is a directory");
    }

    @Test
    void staleTemporariesOfAKilledRunAreRemovedByTheNextRun() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path target = tmp.resolve("out.jsonl");
        Path stale = tmp.resolve(".out.jsonl." + dead.pid() + ".abc.tmp");
        Path alive = tmp.resolve(".out.jsonl." + ProcessHandle.current().parent().orElseThrow().pid() + ".abc.tmp");
        Path other = tmp.resolve(".other.jsonl." + dead.pid() + ".abc.tmp");
        for (Path p : new Path[] {stale, alive, other}) {
            Files.writeString(p, "partial");
        }
        Cli r = Cli.run("score", "--in", small(), "--out", target.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(stale).doesNotExist();
        assertThat(alive).exists(); // a running writer's file is left alone
        assertThat(other).exists(); // another target's file too
    }

    @Test
    void aFolderOfOutputsIsReplacedAsOneSet() throws Exception {
        Path dir = tmp.resolve("site");
        OutputFolder.replace(dir, d -> Files.writeString(d.resolve("a.html"), "one"));
        OutputFolder.replace(dir, d -> Files.writeString(d.resolve("b.html"), "two"));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("b.html", OutputFolder.MARKER);
        }
        assertThatThrownBy(() -> OutputFolder.replace(dir, d -> {
            Files.writeString(d.resolve("c.html"), "three");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("b.html", OutputFolder.MARKER);
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("site"); // no staging folder left
        }
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("thesis.tex"), "precious");
        assertThatThrownBy(() -> OutputFolder.replace(home, d -> { })).hasMessageContaining("is not an OpenROM output folder");
        assertThat(home.resolve("thesis.tex")).hasContent("precious");
        Cli demo = Cli.run("demo", "--out", home.toString());
        assertThat(demo.exit).isEqualTo(3);
        assertThat(home.resolve("thesis.tex")).hasContent("precious");
    }

    @Test
    void aRerunDemoLeavesNoStaleReport() throws Exception {
        Path dir = tmp.resolve("demo");
        assertThat(Cli.run("demo", "--out", dir.toString()).exit).isZero();
        Path stale = dir.resolve("reports").resolve("from-an-older-run.html");
        Files.writeString(stale, "old");
        assertThat(Cli.run("demo", "--out", dir.toString(), "--seed", "7").exit).isZero();
        assertThat(stale).doesNotExist();
        assertThat(dir.resolve("index.html")).exists();
    }

    @Test
    void reportFileNamesAreInjectiveAndPathSafe() {
        assertThat(FileNames.of("Søren")).isNotEqualTo(FileNames.of("Særen"));
        assertThat(FileNames.of("a/b")).isNotEqualTo(FileNames.of("a_b"));
        assertThat(FileNames.of("../../etc/passwd")).matches("[A-Za-z0-9_-]+").doesNotContain("..");
        assertThat(FileNames.of("javascript:alert(1)")).matches("[A-Za-z0-9_-]+");
        Map<String, String> seen = new HashMap<>();
        qt().withExamples(5000).forAll(Generate.pick(java.util.List.of("a", "b", "/", "_", "ø", "æ", "-", " ", ".", "A")).describedAs(x -> x)
                .zip(Generate.range(1, 6), (c, n) -> c.repeat(n))
                .zip(Generate.pick(java.util.List.of("", "x", "ø", "/", "_")), String::concat))
                .checkAssert(id -> {
                    String name = FileNames.of(id);
                    assertThat(name).matches("[A-Za-z0-9_-]{0,40}-[0-9a-f]{10}");
                    String before = seen.putIfAbsent(name, id);
                    assertThat(before == null || before.equals(id)).as(id + " and " + before + " share " + name).isTrue();
                });
    }
}
