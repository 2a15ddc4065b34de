package org.openrom.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.TestInstruments;
import org.openrom.core.score.Administration;
import org.openrom.core.track.ScoreSeries;
import org.quicktheories.generators.Generate;

class PatientHistoryTest {
    private static final InstrumentRegistry REG = InstrumentRegistry.builder().add(TestInstruments.mixed()).build();

    private static Administration adm(String p, int occasion, int a) {
        return Administration.builder(p, "test-mixed", occasion).answer("a", a).answer("b", 3).answer("c", 2).build();
    }

    private static PatientHistory add(PatientHistory h, Administration a) {
        return h.append(a, REG.get(a.instrumentId()).score(a));
    }

    @Test
    void versionsShareStorageButNeverSeeEachOthersAppends() {
        // a tree of versions: every version keeps exactly what it was given, whoever appends after it
        qt().withExamples(200).forAll(Generate.intArrays(Generate.range(1, 40), Generate.range(0, 1000))).checkAssert(ops -> {
            List<ScoreSeries> versions = new ArrayList<>();
            List<List<double[]>> models = new ArrayList<>();
            versions.add(ScoreSeries.empty("p", "s.total"));
            models.add(new ArrayList<>());
            for (int op : ops) {
                int from = op % versions.size();
                ScoreSeries base = versions.get(from);
                int occasion = base.size() == 0 ? 0 : base.occasion(base.size() - 1) + 1 + op % 3;
                versions.add(base.append(occasion, op));
                List<double[]> m = new ArrayList<>(models.get(from));
                m.add(new double[] {occasion, op});
                models.add(m);
            }
            for (int v = 0; v < versions.size(); v++) {
                ScoreSeries s = versions.get(v);
                List<double[]> m = models.get(v);
                assertThat(s.size()).isEqualTo(m.size());
                for (int i = 0; i < m.size(); i++) {
                    assertThat(s.occasion(i)).isEqualTo((int) m.get(i)[0]);
                    assertThat(s.value(i)).isEqualTo(m.get(i)[1]);
                }
                double[] values = m.stream().mapToDouble(x -> x[1]).toArray();
                int[] occ = m.stream().mapToInt(x -> (int) x[0]).toArray();
                assertThat(s).isEqualTo(ScoreSeries.of("p", "s.total", occ, values));
            }
        });
    }

    @Test
    void appendsKeepOrderAndScoresAndBuildSeries() {
        PatientHistory h0 = PatientHistory.of("p-1");
        PatientHistory h1 = add(h0, adm("p-1", 0, 1));
        PatientHistory h2 = add(h1, adm("p-1", 2, 5));
        PatientHistory fork = add(h1, adm("p-1", 1, 4));
        assertThat(h0.isEmpty()).isTrue();
        assertThat(h1.administrations()).hasSize(1);
        assertThat(h2.administrations()).extracting(Administration::occasion).containsExactly(0, 2);
        assertThat(fork.administrations()).extracting(Administration::occasion).containsExactly(0, 1);
        assertThat(h2.scores()).hasSize(2);
        assertThat(h2.scales()).isNotEmpty();
        String scale = h2.scales().iterator().next();
        assertThat(h2.series(scale).size()).isEqualTo(2);
        assertThat(h2.upTo(0)).isEqualTo(h1);
        assertThat(h2.since(2).administrations()).extracting(Administration::occasion).containsExactly(2);
        assertThat(h2.lastOccasion()).isEqualTo(2);
        assertThat(PatientHistory.score("p-1", REG, List.of(adm("p-1", 2, 5), adm("p-1", 0, 1)))).isEqualTo(h2);
        assertThat(h2.series("nope.total").size()).isZero();
        assertThat(h2.appendScore("hamd", 1, 20).series("hamd").value(0)).isEqualTo(20);
    }

    @Test
    void badAppendsAreRejectedAndChangeNothing() {
        PatientHistory h = add(PatientHistory.of("p-1"), adm("p-1", 3, 1));
        Administration other = adm("p-2", 4, 1);
        assertThatThrownBy(() -> add(h, other)).isInstanceOf(ValidationException.class).hasMessageContaining("patientId");
        assertThatThrownBy(() -> add(h, adm("p-1", 3, 2))).hasMessageContaining("duplicate occasion");
        assertThatThrownBy(() -> add(h, adm("p-1", 2, 2))).hasMessageContaining("out of order");
        Administration a = adm("p-1", 5, 2);
        assertThatThrownBy(() -> h.append(a, REG.get("test-mixed").score(adm("p-1", 6, 2))))
                .hasMessageContaining("the scores of this administration");
        assertThatThrownBy(() -> h.appendScore("hamd", 1, Double.NaN)).hasMessageContaining("a finite score");
        assertThat(h.administrations()).hasSize(1);
        assertThat(add(h, a).administrations()).hasSize(2);
    }
}
