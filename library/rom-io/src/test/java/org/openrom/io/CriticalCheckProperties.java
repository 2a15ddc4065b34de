package org.openrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.score.Scores;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The record-by-record check of critical answers ({@link CohortInput#checkCriticalAnswers}) finds what scoring
 * finds: on a file that reads, exactly the alerts of the scored histories; on a file with refused records, those
 * same alerts except the ones whose own record was spoiled, and it counts the records it could not read.
 */
class CriticalCheckProperties {
    private static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();

    @TempDir
    Path tmp;

    /** One administration: PHQ-9 (critical item q9) or ODSIS (none); q9 null when unanswered. */
    record Adm(String patient, int occasion, String instrument, int[] values, String date) {
        int items() {
            return values.length;
        }
    }

    /** A cohort and the records to spoil (indexes into its rows or lines), with how each is spoiled. */
    record Case(List<Adm> adms, long seed, int spoiled) {
        @Override
        public String toString() {
            return adms.size() + " administrations, seed " + seed + ", " + spoiled + " spoiled";
        }
    }

    private static Gen<Case> cases() {
        return Generate.longRange(0, Long.MAX_VALUE).zip(Generate.range(1, 8), Generate.range(0, 4), (seed, n, spoiled) -> {
            Random r = new Random(seed);
            List<Adm> adms = new ArrayList<>();
            for (int p = 1; p <= n; p++) {
                for (int occ = 0; occ < 1 + r.nextInt(4); occ++) {
                    boolean phq = r.nextInt(4) > 0;
                    int[] v = new int[phq ? 9 : 5];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = r.nextInt(phq ? 4 : 5);
                    }
                    if (phq && r.nextInt(5) == 0) {
                        v[8] = -1; // q9 unanswered (an empty cell; a key left out in JSON)
                    }
                    adms.add(new Adm("p" + p, occ, phq ? "phq9" : "odsis", v, r.nextBoolean() ? null
                            : "2026-02-" + String.format("%02d", 1 + occ)));
                }
            }
            return new Case(adms, seed, spoiled);
        });
    }

    private static String item(Adm a, int i) {
        return "q" + (i + 1);
    }

    /** The CSV rows of the cohort, shuffled (an unsorted file is read in sort runs: nothing is delivered early). */
    private static List<String[]> rows(Case c) {
        List<String[]> rows = new ArrayList<>();
        for (Adm a : c.adms()) {
            for (int i = 0; i < a.items(); i++) {
                rows.add(new String[] {a.patient(), String.valueOf(a.occasion()), a.instrument(), item(a, i),
                        a.values()[i] < 0 ? "" : String.valueOf(a.values()[i]), a.date() == null ? "" : a.date()});
            }
        }
        Collections.shuffle(rows, new Random(c.seed()));
        return rows;
    }

    private static String jsonLine(Adm a, int badItem, int badValue) {
        StringBuilder b = new StringBuilder("{\"patientId\":\"" + a.patient() + "\",\"instrumentId\":\"" + a.instrument()
                + "\",\"occasion\":" + a.occasion() + (a.date() == null ? "" : ",\"date\":\"" + a.date() + "\"")
                + ",\"answers\":{");
        String sep = "";
        for (int i = 0; i < a.items(); i++) {
            int v = i == badItem ? badValue : a.values()[i];
            if (v >= 0 || i == badItem) {
                b.append(sep).append('"').append(item(a, i)).append("\":").append(v);
                sep = ",";
            }
        }
        return b.append("}}\n").toString();
    }

    /** The alerts scoring raises, by patient and id, read from the intact file. */
    private Set<String> scored(Path file) throws IOException {
        Set<String> out = new HashSet<>();
        open(file).forEachPatient(p -> {
            for (Scores s : p.scores()) {
                s.alerts().forEach(a -> out.add(key(a)));
            }
        });
        return out;
    }

    private static String key(SafetyAlert a) {
        return a.patientId() + "/" + a.id() + "/" + a.code() + "/" + a.value() + "/" + a.date().map(Object::toString).orElse("");
    }

    private CohortInput open(Path file) throws IOException {
        return CohortInput.open(file, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(Writer.nullWriter()));
    }

    private Set<String> checked(CohortInput in, CriticalCheck[] out) throws IOException {
        Set<String> alerts = new HashSet<>();
        List<String> all = new ArrayList<>();
        out[0] = in.checkCriticalAnswers(a -> all.add(key(a)));
        alerts.addAll(all);
        assertThat(all).as("each alert once").hasSameSizeAs(alerts);
        return alerts;
    }

    @Test
    void aCsvFileIsCheckedRowByRowAsScoringWouldAndSpoiledRowsAreCounted() {
        qt().withExamples(150).forAll(cases()).checkAssert(c -> {
            try {
                List<String[]> rows = rows(c);
                Path intact = write("intact.csv", rows);
                Set<String> expected = scored(intact);
                CriticalCheck[] cc = new CriticalCheck[1];
                assertThat(checked(open(intact), cc)).isEqualTo(expected);
                assertThat(cc[0].records()).isEqualTo(rows.size());
                assertThat(cc[0].complete()).isTrue();
                assertThat(cc[0].absentItemsChecked()).isFalse();
                // spoil some rows: an answer that is not a number, or an instrument that is not installed
                Random r = new Random(c.seed() + 1);
                Set<Integer> spoiled = new HashSet<>();
                for (int k = 0; k < c.spoiled(); k++) {
                    spoiled.add(r.nextInt(rows.size()));
                }
                Set<String> lost = new HashSet<>();
                long unreadable = 0;
                List<String[]> bad = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    String[] row = rows.get(i).clone();
                    if (spoiled.contains(i)) {
                        boolean critical = row[2].equals("phq9") && row[3].equals("q9");
                        if (r.nextBoolean()) {
                            row[4] = "x";
                            unreadable += critical ? 1 : 0; // the answer of a row that cannot alert is not read
                        } else {
                            row[2] = "phq-nine";
                            unreadable++;
                        }
                        if (critical) {
                            String date = row[5];
                            expected.stream().filter(a -> a.startsWith(row[0] + "/phq9.q9@" + row[1] + "/")
                                    && a.endsWith("/" + date)).forEach(lost::add);
                        }
                    }
                    bad.add(row);
                }
                Path refused = write("refused.csv", bad);
                if (!spoiled.isEmpty()) {
                    assertThatThrownBy(() -> open(refused).forEachPatient(p -> { })).isInstanceOf(DataFormatException.class);
                }
                Set<String> found = checked(open(refused), cc);
                Set<String> want = new HashSet<>(expected);
                want.removeAll(lost);
                assertThat(found).isEqualTo(want);
                assertThat(cc[0].unreadable()).isEqualTo(unreadable);
                assertThat(cc[0].records()).isEqualTo(rows.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aJsonLinesFileIsCheckedLineByLineIncludingItemsLeftOut() {
        qt().withExamples(150).forAll(cases()).checkAssert(c -> {
            try {
                StringBuilder intact = new StringBuilder();
                StringBuilder refused = new StringBuilder();
                Random r = new Random(c.seed() + 2);
                Set<String> lostPatients = new HashSet<>();
                long unreadable = 0;
                for (Adm a : c.adms()) {
                    intact.append(jsonLine(a, -1, 0));
                    boolean spoil = r.nextInt(c.adms().size()) < c.spoiled();
                    if (!spoil) {
                        refused.append(jsonLine(a, -1, 0));
                    } else if (r.nextBoolean() || !a.instrument().equals("phq9")) {
                        refused.append(jsonLine(a, 0, 9)); // q1 out of range: refused, its q9 still checked
                    } else {
                        refused.append(jsonLine(a, 8, 7)); // q9 itself out of range: not readable
                        unreadable++;
                        lostPatients.add(a.patient() + "/phq9.q9@" + a.occasion() + "/");
                    }
                }
                Path ok = Files.writeString(tmp.resolve("intact.jsonl"), intact);
                Set<String> expected = scored(ok);
                CriticalCheck[] cc = new CriticalCheck[1];
                assertThat(checked(open(ok), cc)).isEqualTo(expected);
                assertThat(cc[0].records()).isEqualTo(c.adms().size());
                assertThat(cc[0].absentItemsChecked()).isTrue();
                Path bad = Files.writeString(tmp.resolve("refused.jsonl"), refused);
                Set<String> want = new HashSet<>(expected);
                want.removeIf(a -> lostPatients.stream().anyMatch(a::startsWith));
                assertThat(checked(open(bad), cc)).isEqualTo(want);
                assertThat(cc[0].unreadable()).isEqualTo(unreadable);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aMalformedQuoteStopsTheCheckAndSaysWhere() throws IOException {
        Path f = Files.writeString(tmp.resolve("q.csv"), "patient_id,occasion,instrument,item,value\n"
                + "p1,0,phq9,q9,3\n" + "p2,0,phq9,q9,\"2\"x\n" + "p3,0,phq9,q9,1\n");
        List<SafetyAlert> alerts = new ArrayList<>();
        CriticalCheck c = open(f).checkCriticalAnswers(alerts::add);
        assertThat(alerts).extracting(SafetyAlert::patientId).containsExactly("p1");
        assertThat(c.stoppedAtLine()).hasValue(3);
        assertThat(c.complete()).isFalse();
        Path scores = Files.writeString(tmp.resolve("s.csv"), "patient_id,occasion,scale,score\np1,0,phq9.total,12\n");
        assertThat(open(scores).checkCriticalAnswers(alerts::add).complete()).isTrue();
        assertThatThrownBy(() -> open(f).checkCriticalAnswers(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("sink");
    }

    private Path write(String name, List<String[]> rows) throws IOException {
        StringBuilder b = new StringBuilder("patient_id,occasion,instrument,item,value,date\n");
        for (String[] r : rows) {
            b.append(String.join(",", r)).append('\n');
        }
        return Files.writeString(tmp.resolve(name), b);
    }
}
