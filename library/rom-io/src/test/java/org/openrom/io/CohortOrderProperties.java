package org.openrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.DataFormatException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * What a cohort read delivers does not depend on the order of the rows, nor on how many of them fit in memory:
 * an external sort with any buffer size, the in-memory read and the stream of the same rows sorted by patient
 * deliver the same histories.
 */
class CohortOrderProperties {
    private static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    private static final String HEADER = "patient_id,occasion,instrument,item,value,group_id,comment\n";

    @TempDir
    Path tmp;

    /** A cohort as rows: each a CSV line; and the same rows in a random order. */
    record Cohort(List<String> sorted, List<String> shuffled, int buffer) {
        @Override
        public String toString() {
            return sorted.size() + " rows, buffer " + buffer + ":\n" + String.join("", shuffled);
        }
    }

    private static Gen<Cohort> cohorts() {
        return Generate.longRange(0, Long.MAX_VALUE).zip(Generate.range(1, 9), Generate.range(1, 40), (seed, n, buffer) -> {
            Random r = new Random(seed);
            List<String> rows = new ArrayList<>();
            List<Integer> patientOf = new ArrayList<>();
            for (int p = 1; p <= n; p++) {
                for (int occ = 0; occ < 1 + r.nextInt(4); occ++) {
                    // one group and one comment per administration, on some of its rows only (rows that disagree
                    // are an error); the patient's group is the one of the latest administration that names one
                    String admGroup = new String[] {"g1", "g2"}[r.nextInt(2)];
                    String admComment = "\"said \"\"so\"\", then,\nmore " + r.nextInt(9) + "\"";
                    for (int q = 1; q <= 5; q++) {
                        String group = r.nextInt(3) == 0 ? "" : admGroup;
                        String value = r.nextInt(8) == 0 ? "" : String.valueOf(r.nextInt(5));
                        String comment = r.nextInt(4) == 0 ? admComment : "";
                        rows.add("p" + p + "," + occ + ",odsis,q" + q + "," + value + "," + group + "," + comment + "\n");
                        patientOf.add(p);
                    }
                }
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, r);
            List<String> shuffled = order.stream().map(rows::get).toList();
            // the same rows sorted by patient, each patient's rows in the shuffled file's order (a stable sort)
            List<String> sorted = order.stream().sorted(java.util.Comparator.comparing(patientOf::get))
                    .map(rows::get).toList();
            return new Cohort(sorted, shuffled, buffer);
        });
    }

    private Path write(String name, List<String> rows) {
        try {
            Path p = Files.createTempFile(tmp, name, ".csv");
            Files.writeString(p, HEADER + String.join("", rows), StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CohortInput open(Path p) throws IOException {
        return CohortInput.open(p, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(Writer.nullWriter()));
    }

    private List<PatientHistory> read(CohortInput in) {
        List<PatientHistory> out = new ArrayList<>();
        try {
            in.forEachPatient(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Path runs() {
        try {
            return Files.createTempDirectory(tmp, "runs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anyRowOrderAndAnyBufferDeliverTheSameHistories() {
        qt().withExamples(150).forAll(cohorts()).checkAssert(c -> {
            try {
                Path sorted = write("sorted", c.sorted());
                List<PatientHistory> streamed = read(open(sorted).sortedByPatient().readAhead(false));
                Path shuffled = write("shuffled", c.shuffled());
                List<PatientHistory> inMemory = read(open(shuffled).readAhead(false));
                Path dir = runs();
                List<PatientHistory> inRuns = read(open(shuffled).bufferRows(c.buffer(), dir).readAhead(c.buffer() % 2 == 0));
                assertThat(inMemory).isEqualTo(streamed);
                assertThat(inRuns).isEqualTo(streamed);
                assertThat(read(open(sorted).sortedByPatient().readAhead(true))).as("read ahead").isEqualTo(streamed);
                try (Stream<Path> left = Files.list(dir)) {
                    assertThat(left).as("sort runs are deleted").isEmpty();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void jsonLinesAndScoresAreSortedInRunsAlike() throws IOException {
        List<String> json = new ArrayList<>();
        List<String> scores = new ArrayList<>();
        for (int p = 12; p >= 1; p--) {
            for (int occ = 3; occ >= 0; occ--) {
                json.add(RomJson.write(Administration.builder("p" + p, "odsis", occ).answers("q", occ, 1, 1, 1, p % 5)
                        .comment(p % 4 == 0 ? "a comment\nover lines" : null).build()) + "\n");
                scores.add("p" + p + "," + occ + ",hamd," + (20 - occ - p % 3) + "\n");
            }
        }
        Path jl = tmp.resolve("c.jsonl");
        Files.writeString(jl, String.join("", json));
        assertThat(read(open(jl).bufferRows(5, runs()))).isEqualTo(read(open(jl)))
                .extracting(PatientHistory::patientId).startsWith("p1", "p2").endsWith("p12");
        Path sc = tmp.resolve("s.csv");
        Files.writeString(sc, "patient_id,occasion,scale,score\n" + String.join("", scores));
        List<PatientHistory> inRuns = read(open(sc).bufferRows(7, runs()));
        assertThat(inRuns).isEqualTo(read(open(sc)));
        assertThat(inRuns.get(0).series("hamd").values()).containsExactly(19.0, 18.0, 17.0, 16.0);
    }

    @Test
    void aDuplicateInALaterRunNamesItsLine() throws IOException {
        // p1's q1 at occasion 0 on line 2 and again on line 9: the buffer of 3 rows puts them in different runs
        Path p = tmp.resolve("d.csv");
        Files.writeString(p, HEADER + "p1,0,odsis,q1,2,,\np2,0,odsis,q1,1,,\np3,0,odsis,q1,1,,\np2,0,odsis,q2,1,,\n"
                + "p3,0,odsis,q2,1,,\np4,0,odsis,q1,1,,\np5,0,odsis,q1,1,,\np1,0,odsis,q1,3,,\n");
        Path dir = runs();
        assertThatThrownBy(() -> open(p).bufferRows(3, dir).forEachPatient(h -> { })).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("d.csv:9: column item: got 'q1', expected each item once per administration "
                        + "(duplicate row for patient p1, occasion 0, odsis)");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("runs are deleted after a failure too").isEmpty();
        }
        Path s = tmp.resolve("s.csv");
        Files.writeString(s, "patient_id,occasion,scale,score\np1,0,hamd,2\np2,0,hamd,2\np1,0,hamd,3\n");
        assertThatThrownBy(() -> open(s).bufferRows(1, runs()).forEachPatient(h -> { }))
                .hasMessageContaining("s.csv:4: column occasion: got '0', expected one score per patient, scale and occasion");
    }

    @Test
    void sortRunsAreOwnerOnlyWhileTheyExist() throws IOException {
        Path p = tmp.resolve("c.csv");
        Files.writeString(p, HEADER + "p2,0,odsis,q1,2,,\np1,0,odsis,q1,1,,\np2,0,odsis,q2,1,,\np1,0,odsis,q2,1,,\n");
        Path dir = runs();
        List<Set<PosixFilePermission>> seen = new ArrayList<>();
        open(p).bufferRows(1, dir).readAhead(false).forEachPatient(h -> {
            try (Stream<Path> runs = Files.list(dir)) {
                for (Path run : runs.toList()) {
                    seen.add(Files.getPosixFilePermissions(run));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(seen).isNotEmpty().allSatisfy(perms -> assertThat(perms)
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void quotedFieldsKeepTheirText() throws IOException {
        Path p = tmp.resolve("q.csv");
        Files.writeString(p, HEADER + "p1,0,odsis,q1,2,g1,\"felt \"\"low\"\", then,\r\nbetter\"\r\n p1 , 0 ,odsis,q2, 3 ,g1,\r\n");
        PatientHistory h = read(open(p)).get(0);
        assertThat(h.administrations()).singleElement().satisfies(a -> {
            assertThat(a.comment()).contains("felt \"low\", then,\r\nbetter");
            assertThat(a.answers()).containsEntry("q1", 2).containsEntry("q2", 3);
        });
        // white space before an opening quote: the quotes would be text and a comma inside would split the field
        Path padded = tmp.resolve("padded.csv");
        Files.writeString(padded, HEADER + "p1,0,odsis,q1,2,g1, \"sad, low\"\n");
        assertThatThrownBy(() -> read(open(padded))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("padded.csv:2:7: a quoted field has white space before its opening quote")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sad", "low"));
        Path after = tmp.resolve("after.csv");
        Files.writeString(after, HEADER + "p1,0,odsis,q1,2,g1,\"sad\" \n");
        assertThatThrownBy(() -> read(open(after))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("after.csv:2: malformed CSV")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sad"));
    }

    @Test
    void readingAheadDeliversWhatWasReadBeforeAFailureAndStopsWhenTheConsumerFails() throws IOException {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int p = 1; p <= 300; p++) {
            rows.append("p").append(p).append(",0,odsis,q1,2,,\n");
        }
        rows.append("p301,0,odsis,q1,7,,\n"); // out of range: an error after 300 patients
        Path p = tmp.resolve("late.csv");
        Files.writeString(p, rows.toString());
        for (boolean ahead : new boolean[] {false, true}) {
            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> open(p).sortedByPatient().readAhead(ahead).forEachPatient(h -> seen.add(h.patientId())))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining("late.csv:302:5: column value: got '7'");
            // the row that fails is p301's first: p300 is not known to be complete, so 299 come first either way
            assertThat(seen).as("ahead=" + ahead).hasSize(299).startsWith("p1").endsWith("p299");
        }
        IllegalStateException stop = new IllegalStateException("the consumer stops");
        assertThatThrownBy(() -> open(p).sortedByPatient().readAhead(true).forEachPatient(h -> {
            throw stop;
        })).isSameAs(stop);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("openrom-cohort-reader")
                && t.isAlive());
    }

    @Test
    void aSortedFileTheScanCannotSettleEarnsAHintAnUnsortedOneDoesNot() throws IOException {
        // sorted, but a quoted comment: the scan cannot be sure, the file is read in runs, and the hint says so
        Path quoted = tmp.resolve("sorted.csv");
        Files.writeString(quoted, HEADER + "p1,0,odsis,q1,2,,\"a, b\"\np1,0,odsis,q2,2,,\np2,0,odsis,q1,2,,\np10,0,odsis,q1,2,,\n");
        Path unsorted = tmp.resolve("unsorted.csv");
        Files.writeString(unsorted, HEADER + "p1,0,odsis,q1,2,,\np2,0,odsis,q1,2,,\np1,0,odsis,q2,2,,\np10,0,odsis,q1,2,,\n");
        // sorted without quotes: found sorted and streamed, nothing to hint
        Path plain = tmp.resolve("plain.csv");
        Files.writeString(plain, HEADER + "p1,0,odsis,q1,2,,\np1,0,odsis,q2,2,,\np2,0,odsis,q1,2,,\np10,0,odsis,q1,2,,\n");
        for (Path p : List.of(quoted, unsorted, plain)) {
            java.io.StringWriter err = new java.io.StringWriter();
            CohortInput.open(p, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(err, true)).bufferRows(2, runs())
                    .forEachPatient(h -> { });
            if (p == quoted) {
                assertThat(err.toString()).contains("rom: sorted.csv came sorted by patient: declared sorted (--sorted)");
            } else {
                assertThat(err.toString()).isEmpty();
            }
        }
    }
}
