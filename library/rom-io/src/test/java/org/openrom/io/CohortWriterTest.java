package org.openrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.SyntheticCohort;
import org.quicktheories.generators.Generate;

/** What the writers write, the readers read back to the same histories. */
class CohortWriterTest {
    private static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();

    @TempDir
    Path tmp;

    private static Map<String, PatientHistory> histories(List<Administration> adms) {
        Map<String, List<Administration>> by = adms.stream().collect(Collectors.groupingBy(Administration::patientId,
                TreeMap::new, Collectors.toList()));
        Map<String, PatientHistory> out = new TreeMap<>();
        by.forEach((id, list) -> out.put(id, PatientHistory.score(id, REG, list)));
        return out;
    }

    private Map<String, PatientHistory> readBack(String name, String content) {
        try {
            Path p = Files.createTempFile(tmp, name, name.endsWith("jsonl") ? ".jsonl" : ".csv");
            Files.writeString(p, content);
            Map<String, PatientHistory> out = new TreeMap<>();
            CohortInput.open(p, null, REG, Direction.LOWER_IS_BETTER, new PrintWriter(Writer.nullWriter()))
                    .forEachPatient(h -> out.put(h.patientId(), h));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(CohortInput.Format format, Iterable<PatientHistory> hs) throws IOException {
        StringWriter w = new StringWriter();
        try (CohortWriter out = CohortWriter.open(w, format)) {
            hs.forEach(out::write);
        }
        return w.toString();
    }

    @Test
    void syntheticCohortsRoundTripThroughEveryFormat() {
        qt().withExamples(12).forAll(Generate.range(1, 3), Generate.longRange(1, 1_000_000)).checkAssert((groups, seed) -> {
            SyntheticCohort c = SyntheticCohort.generate(CohortModel.forPatients(groups * 8, seed));
            Map<String, PatientHistory> expected = histories(c.administrations());
            try {
                // comments with commas, quotes and line breaks are part of the synthetic cohort
                assertThat(readBack("t", write(CohortInput.Format.TIDY, expected.values()))).isEqualTo(expected);
                assertThat(readBack("j.jsonl", write(CohortInput.Format.JSONL, expected.values()))).isEqualTo(expected);
                Map<String, PatientHistory> scores = readBack("s", write(CohortInput.Format.SCORES, expected.values()));
                assertThat(scores.keySet()).isEqualTo(expected.keySet());
                scores.forEach((id, h) -> {
                    assertThat(h.scales()).isEqualTo(expected.get(id).scales());
                    h.scales().forEach(s -> assertThat(h.series(s)).isEqualTo(expected.get(id).series(s)));
                    assertThat(h.groupId()).isEqualTo(expected.get(id).groupId());
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() throws IOException {
        Administration a = Administration.builder("p1", "odsis", 0).answers("q", 1, 2, 3, 4, 0).groupId("g1")
                .comment(" padded, \"quoted\"\nand broken ").build();
        String tidy = write(CohortInput.Format.TIDY, List.of(PatientHistory.score("p1", REG, List.of(a))));
        assertThat(tidy).startsWith("patient_id,occasion,instrument,item,value,group_id,comment\n"
                + "p1,0,odsis,q1,1,g1,\" padded, \"\"quoted\"\"\nand broken \"\np1,0,odsis,q2,2,g1,\n");
        assertThat(readBack("q", tidy).get("p1").administrations().get(0).comment()).isEqualTo(a.comment());
        PatientHistory odd = PatientHistory.of("p2").appendScore("hamd", 1, 1.0 / 3).appendScore("hamd", 2, 12.0)
                .appendScore("hamd", 3, 1e-7);
        String scores = write(CohortInput.Format.SCORES, List.of(odd));
        assertThat(scores).contains("p2,2,hamd,12,\n", "p2,3,hamd,0.0000001,\n");
        assertThat(readBack("o", scores).get("p2").series("hamd")).isEqualTo(odd.series("hamd"));
        assertThatThrownBy(() -> CohortWriter.open(new StringWriter(), CohortInput.Format.SCORES).write(a))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds scores");
    }
}
