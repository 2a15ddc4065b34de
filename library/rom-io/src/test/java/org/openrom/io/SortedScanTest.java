package org.openrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.quicktheories.generators.SourceDSL;

/**
 * A file that comes sorted by patient is found so and streamed without being declared sorted; any other file is read
 * in sort runs as before, and both deliver the same histories.
 */
class SortedScanTest {
    private static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void sortedFilesAreFoundAndEverythingElseIsNot() throws IOException {
        String h = "patient_id,occasion,scale,score\n";
        assertThat(SortedScan.sorted(file("a.csv", h + "p2,0,x,1\np2,1,x,1\np10,0,x,1\n"), 0)).isTrue();
        // natural order: p10 after p2, so p10 then p2 is out of order
        assertThat(SortedScan.sorted(file("b.csv", h + "p10,0,x,1\np2,0,x,1\n"), 0)).isFalse();
        // a patient whose rows come back later
        assertThat(SortedScan.sorted(file("c.csv", h + "p1,0,x,1\np2,0,x,1\np1,1,x,1\n"), 0)).isFalse();
        // a quote anywhere in a row: not known, read in runs
        assertThat(SortedScan.sorted(file("d.csv", h + "p1,0,x,1\n\"p2\",0,x,1\n"), 0)).isFalse();
        // the id in another column, CRLF line ends, a blank line, a quoted header, no line end at the end
        assertThat(SortedScan.sorted(file("e.csv", "\uFEFF\"occasion\",patient_id,scale,score\r\n0,a1,x,1\r\n\r\n"
                + "1,a1,x,2\r\n0,b 7,x,1\r\n0,b7,x,1"), 1)).isTrue();
        // white space around an id is not part of it: " b7" and "b7" are one patient, and the scan says "not known"
        assertThat(SortedScan.sorted(file("f.csv", h + "b7,0,x,1\n b7,1,x,1\n"), 0)).isFalse();
        // an invalid (blank) id: not known; the reader reports it
        assertThat(SortedScan.sorted(file("g.csv", h + "p1,0,x,1\n,0,x,1\n"), 0)).isFalse();
        assertThat(SortedScan.sorted(file("h.csv", h), 0)).isTrue();
    }

    /** The oracle: ids in file order, each run of one id after the last, strictly increasing in natural order. */
    private static boolean sortedByDefinition(List<String> ids) {
        List<String> runs = new ArrayList<>();
        for (String id : ids) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(id)) {
                runs.add(id);
            }
        }
        for (int i = 1; i < runs.size(); i++) {
            if (NaturalOrder.INSTANCE.compare(runs.get(i - 1), runs.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theScanAgreesWithTheDefinitionAndTheReadDoesNotDependOnIt() {
        qt().withExamples(150).forAll(SourceDSL.longs().all(), SourceDSL.integers().between(0, 2)).checkAssert((seed, how) -> {
            try {
                Random r = new Random(seed);
                List<String> ids = new ArrayList<>();
                int patients = 1 + r.nextInt(6);
                for (int p = 1; p <= patients; p++) {
                    for (int k = 0; k < 1 + r.nextInt(3); k++) {
                        ids.add("p" + (how == 2 ? 1 + r.nextInt(12) : p * (1 + r.nextInt(3))));
                    }
                }
                if (how == 1 && ids.size() > 1) {
                    java.util.Collections.swap(ids, r.nextInt(ids.size()), r.nextInt(ids.size()));
                }
                StringBuilder sb = new StringBuilder("patient_id,occasion,scale,score\n");
                java.util.Map<String, Integer> next = new java.util.HashMap<>();
                for (String id : ids) {
                    sb.append(id).append(',').append(next.merge(id, 1, Integer::sum)).append(",hamd,").append(r.nextInt(30))
                            .append('\n');
                }
                Path f = file("r" + Long.toHexString(seed) + how + ".csv", sb.toString());
                boolean expected = sortedByDefinition(ids);
                assertThat(SortedScan.sorted(f, 0)).isEqualTo(expected);
                // found sorted: streamed, so no sort run is ever written even with a buffer of one row
                Path runs = Files.createTempDirectory(tmp, "runs");
                boolean[] wroteRuns = {false};
                List<PatientHistory> read = new ArrayList<>();
                open(f).bufferRows(1, runs).readAhead(false).forEachPatient(p -> {
                    read.add(p);
                    try (Stream<Path> s = Files.list(runs)) {
                        wroteRuns[0] |= s.findAny().isPresent();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                assertThat(wroteRuns[0]).isEqualTo(!expected && ids.size() > 1);
                List<PatientHistory> inMemory = new ArrayList<>();
                open(f).readAhead(false).forEachPatient(inMemory::add);
                assertThat(read).isEqualTo(inMemory);
                assertThat(read).extracting(PatientHistory::patientId).isSortedAccordingTo(NaturalOrder.INSTANCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static CohortInput open(Path p) throws IOException {
        return CohortInput.open(p, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(Writer.nullWriter()));
    }
}
