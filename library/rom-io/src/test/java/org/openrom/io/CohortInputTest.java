package org.openrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.DataFormatException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Administration;

/** The cohort readers at the library level: what they accept, and every way they refuse. */
class CohortInputTest {
    private static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    private static final String TIDY = "patient_id,occasion,instrument,item,value,comment\n";

    @TempDir
    Path tmp;

    private Path file(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static CohortInput open(Path p) throws IOException {
        return CohortInput.open(p, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(Writer.nullWriter()));
    }

    private static List<PatientHistory> read(Path p) throws IOException {
        List<PatientHistory> out = new ArrayList<>();
        open(p).forEachPatient(out::add);
        return out;
    }

    private static String odsis(String patient, int occasion, int... a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(patient).append(',').append(occasion).append(",odsis,q").append(i + 1).append(',').append(a[i]).append(",\n");
        }
        return sb.toString();
    }

    @Test
    void theSortBufferFitsTheHeap() {
        // a third of the heap at most, never more than the default, never less than 10,000 rows
        assertThat(CohortInput.bufferRowsFor(6L << 30)).isEqualTo(CohortInput.DEFAULT_BUFFER_ROWS);
        assertThat(CohortInput.bufferRowsFor(320L << 20)).isEqualTo((int) ((320L << 20) / 3 / CohortInput.BUFFERED_ROW_BYTES));
        assertThat((long) CohortInput.bufferRowsFor(320L << 20) * CohortInput.BUFFERED_ROW_BYTES).isLessThanOrEqualTo((320L << 20) / 3);
        assertThat(CohortInput.bufferRowsFor(8L << 20)).isEqualTo(10_000);
    }

    @Test
    void itemLevelCsvBecomesScoredHistoriesInNaturalOrder() throws IOException {
        Path p = file("c.csv", TIDY + odsis("p10", 0, 2, 2, 2, 2, 2) + odsis("p2", 0, 3, 3, 2, 2, 2) + odsis("p2", 1, 4, 3, 3, 2, 3));
        List<PatientHistory> hs = read(p);
        assertThat(hs).extracting(PatientHistory::patientId).containsExactly("p2", "p10");
        PatientHistory p2 = hs.get(0);
        assertThat(p2.administrations()).hasSize(2);
        assertThat(p2.series("odsis.total").values()).containsExactly(12.0, 15.0);
    }

    @Test
    void jsonLinesAreTheLibrarysOwnJson() throws IOException {
        Administration a = Administration.builder(" p1 ", "odsis", 0).answers("q", 1, 1, 1, 1, 1).groupId("g").build();
        Path p = file("a.jsonl", RomJson.write(a) + "\n\n" + RomJson.write(a.toBuilder().build().toBuilder().build())
                .replace("\"occasion\":0", "\"occasion\":1") + "\n");
        List<PatientHistory> hs = read(p);
        assertThat(hs).singleElement().satisfies(h -> {
            assertThat(h.patientId()).isEqualTo("p1");
            assertThat(h.groupId()).contains("g");
            assertThat(h.series("odsis.total").size()).isEqualTo(2);
        });
        Path old = file("old.jsonl", "{\"patient_id\":\"p\",\"occasion\":0,\"instrument\":\"odsis\",\"answers\":{}}\n");
        assertThatThrownBy(() -> read(old)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("old.jsonl:1: not an administration");
    }

    @Test
    void scoreLevelCsvRangeChecksInstalledScalesAndKeepsExternalOnes() throws IOException {
        Path ok = file("s.csv", "patient_id,occasion,scale,score\np1,1,hamd,20\np1,4,hamd,8\n");
        CohortInput in = open(ok);
        List<PatientHistory> hs = new ArrayList<>();
        in.forEachPatient(hs::add);
        assertThat(in.externalScales()).containsKey("hamd");
        assertThat(hs.get(0).series("hamd").values()).containsExactly(20.0, 8.0);
        Path bad = file("b.csv", "patient_id,occasion,scale,score\np1,0,odsis.total,150\n");
        assertThatThrownBy(() -> read(bad)).hasMessageContaining("b.csv:2:4: column score: got '150', expected a score of "
                + "odsis.total in 0..20");
    }

    @Test
    void scoresAcceptEveryNotationStatisticsPackagesWriteAndReadEmptyOrNaAsMissing() throws IOException {
        // R's write.csv (1e+05 style, 15 digits, NA), SPSS and Stata (.5, 17 digits), Excel (1E+1, empty cells)
        Path p = file("r.csv", "patient_id,occasion,scale,score\n"
                + "p1,0,hamd,1e1\np1,1,hamd,.5\np1,2,hamd,5.\np1,3,hamd,1.2345678901234567\np1,4,hamd,+2.5E+00\n"
                + "p1,5,hamd,NA\np1,6,hamd,\np1,7,hamd, 3 \np2,0,hamd,NA\n");
        StringWriter err = new StringWriter();
        CohortInput in = CohortInput.open(p, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(err));
        List<PatientHistory> hs = new ArrayList<>();
        in.forEachPatient(hs::add);
        assertThat(hs).extracting(PatientHistory::patientId).containsExactly("p1", "p2");
        assertThat(hs.get(0).series("hamd").values()).containsExactly(10.0, 0.5, 5.0, 1.2345678901234567, 2.5, 3.0);
        assertThat(hs.get(0).series("hamd").occasions()).containsExactly(0, 1, 2, 3, 4, 7);
        assertThat(hs.get(1).series("hamd").size()).isZero();
        assertThat(in.missingScores()).isEqualTo(3);
        assertThat(err.toString()).contains("r.csv: 3 empty or NA scores read as missing");
        for (String bad : new String[] {"NaN", "Inf", "-Infinity", "1e999", "twelve", "\"1,5\"", ".", "e3", "1e", "0x10", "--1"}) {
            Path b = file("b.csv", "patient_id,occasion,scale,score\np1,0,hamd," + bad + "\n");
            assertThatThrownBy(() -> read(b)).as(bad).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("b.csv:2:4: column score").hasMessageContaining("expected a finite decimal number");
        }
    }

    @Test
    void encodingsLineLengthsAndShapesAreReportedWithTheirPlace() throws IOException {
        Path latin1 = file("l.csv", (TIDY + "S\u00f8ren,0,odsis,q1,2,\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> read(latin1)).hasMessageContaining("l.csv:2: not UTF-8 text: invalid byte(s) at byte offset 51");
        Path utf16 = file("u.csv", TIDY.getBytes(StandardCharsets.UTF_16));
        assertThatThrownBy(() -> read(utf16)).hasMessageContaining("looks like UTF-16");
        byte[] endless = new byte[GuardedReader.MAX_LINE_CHARS + 10];
        java.util.Arrays.fill(endless, (byte) 'x');
        Path big = file("big.jsonl", endless);
        assertThatThrownBy(() -> read(big)).hasMessageContaining("big.jsonl:1: line 1 is longer than 16777216 characters");
        Path dup = file("d.csv", "patient_id,occasion,instrument,item,value,value\np1,0,odsis,q1,2,3\n");
        assertThatThrownBy(() -> open(dup)).hasMessageContaining("a column name appears twice");
        Path surplus = file("e.csv", TIDY + "p1,0,odsis,q1,2,so sad, really\n");
        assertThatThrownBy(() -> read(surplus)).hasMessageContaining("e.csv:2:7: the row has 7 fields, the header 6")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sad", "really"));
        Path shifted = file("s.csv", TIDY + "p1,0,odsis,q1,hopeless\n");
        assertThatThrownBy(() -> read(shifted)).hasMessageContaining("column value: got a text of 8 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hopeless"));
        Path headerless = file("h.csv", "p1,0,odsis,q1,2,I want to die\n");
        assertThatThrownBy(() -> open(headerless)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("want", "die"));
        Path oneWord = file("w.csv", "p1,0,odsis,q1,2,hopeless\n"); // a one-word comment is still a patient's words
        assertThatThrownBy(() -> open(oneWord)).hasMessageContaining("header [] and 6 other columns")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hopeless", "p1"));
    }

    @Test
    void aFileThatChangesBetweenPassesIsRefused() throws IOException {
        Path p = file("c.csv", TIDY + odsis("p1", 0, 2, 2, 2, 2, 2));
        CohortInput in = open(p);
        in.forEachPatient(h -> { });
        Files.writeString(p, odsis("p1", 1, 2, 2, 2, 2, 2), StandardOpenOption.APPEND);
        assertThatThrownBy(() -> in.forEachPatient(h -> { })).hasMessageContaining("the file changed while it was being read");
    }

    @Test
    void extraColumnsAreListedOnceByName() throws IOException {
        Path p = file("x.csv", "patient_id,occasion,instrument,item,value,site\np1,0,odsis,q1,2,north\n");
        StringWriter err = new StringWriter();
        CohortInput.open(p, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(err, true));
        assertThat(err.toString()).contains("ignoring 1 extra column in x.csv: 'site'").doesNotContain("north");
    }

    @Test
    void aFileDeclaredSortedIsReadOnceAndAPatientOutOfOrderIsAnError() throws IOException {
        Path sorted = file("s.csv", TIDY + odsis("p2", 0, 2, 2, 2, 2, 2) + odsis("p2", 1, 3, 3, 2, 2, 2) + odsis("p10", 0, 1, 1, 1, 1, 1));
        List<PatientHistory> once = new ArrayList<>();
        open(sorted).sortedByPatient().forEachPatient(once::add);
        assertThat(once).isEqualTo(read(sorted));
        Path unsorted = file("u.csv", TIDY + odsis("p2", 0, 2, 2, 2, 2, 2) + odsis("p10", 0, 1, 1, 1, 1, 1) + odsis("p2", 1, 3, 3, 2, 2, 2));
        assertThatThrownBy(() -> open(unsorted).sortedByPatient().forEachPatient(h -> { }))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("u.csv:12: patients are not sorted here (the file was declared sorted by patient)");
        assertThat(read(unsorted)).extracting(PatientHistory::patientId).containsExactly("p2", "p10"); // undeclared: sorted in memory
    }

    @Test
    void administrationsComeValidatedAndUnscoredInTheOrderOfTheHistories() throws IOException {
        Path p = file("c.csv", TIDY + odsis("p10", 0, 2, 2, 2, 2, 2) + odsis("p2", 1, 4, 3, 3, 2, 3) + odsis("p2", 0, 3, 3, 2, 2, 2));
        List<Administration> adms = new ArrayList<>();
        open(p).forEachAdministration(adms::add);
        assertThat(adms).isEqualTo(read(p).stream().flatMap(h -> h.administrations().stream()).toList());
        assertThat(adms).extracting(a -> a.patientId() + "@" + a.occasion()).containsExactly("p2@0", "p2@1", "p10@0");
        Path scores = file("s.csv", "patient_id,occasion,scale,score\np1,1,hamd,20\n");
        assertThatThrownBy(() -> open(scores).forEachAdministration(a -> { })).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("s.csv: a score-level file holds scores, not administrations");
    }

    @Test
    void anUnansweredRequiredItemIsReportedOnBothWays() throws IOException {
        org.openrom.core.instrument.Instrument req = org.openrom.core.instrument.InstrumentDefinitions.fromJson(
                "{\"id\":\"req\",\"version\":\"1\",\"name\":\"Req\",\"source\":\"s\",\"licence\":\"l\",\"items\":["
                + "{\"id\":\"a\",\"topic\":\"t\",\"min\":0,\"max\":3,\"required\":true},"
                + "{\"id\":\"b\",\"topic\":\"t\",\"min\":0,\"max\":3}],"
                + "\"scales\":[{\"id\":\"total\",\"label\":\"T\",\"items\":[\"a\",\"b\"],\"aggregation\":\"sum\"}]}");
        InstrumentRegistry reg = InstrumentRegistry.builder().add(req).build();
        Path p = file("r.csv", TIDY + "p1,0,req,a,1,\np1,0,req,b,2,\np1,1,req,a,,\np1,1,req,b,2,\n");
        for (boolean scored : new boolean[] {false, true}) {
            CohortInput in = CohortInput.open(p, null, reg, Direction.LOWER_IS_BETTER, new PrintWriter(Writer.nullWriter()));
            assertThatThrownBy(() -> {
                if (scored) {
                    in.forEachPatient(h -> { });
                } else {
                    in.forEachAdministration(a -> { });
                }
            }).isInstanceOf(DataFormatException.class).hasMessageContaining("r.csv:4: administration of req for patient p1 "
                    + "at occasion 1").hasMessageContaining("the item is required");
        }
    }
}
