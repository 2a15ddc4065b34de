package org.openrom.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Scale;
import org.openrom.core.score.Administration;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.quicktheories.generators.Generate;

/** The monitor's own laws, tested in rom-core with a test instrument and test rules (no built-in rule involved). */
class MonitorCoreTest {
    static final InstrumentRegistry INSTRUMENTS = InstrumentRegistry.builder().add(TestRules.singleItem("ta"))
            .add(TestRules.singleItem("tb")).add(TestRules.singleItem("other")).build();
    static final RuleRegistry RULES = RuleRegistry.builder().add(TestRules.delta()).add(TestRules.pair()).build();


    static OutcomeMonitor monitor(int keep) {
        OutcomeMonitor.Builder b = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(RULES).rule("core-delta")
                .rule("core-pair");
        if (keep > 0) {
            b.keepHistory(keep);
        }
        return b.build();
    }

    static Administration adm(String p, String ins, int occasion, int score) {
        return Administration.builder(p, ins, occasion).answer("q", score).build();
    }

    @Test
    void aTwoScaleRuleSeesEveryCompleteOccasionInAnyInterleavingAsInBatch() {
        qt().withExamples(300).forAll(Generate.intArrays(Generate.constant(10), Generate.range(0, 1)),
                Generate.intArrays(Generate.constant(10), Generate.range(0, 1)),
                Generate.intArrays(Generate.constant(10), Generate.range(0, 30)),
                Generate.intArrays(Generate.range(1, 25), Generate.range(0, 1))).checkAssert((inA, inB, scores, order) -> {
                    List<int[]> a = new ArrayList<>();
                    List<int[]> b = new ArrayList<>();
                    for (int o = 0; o < 10; o++) {
                        if (inA[o] == 1) {
                            a.add(new int[] {o, scores[o]});
                        }
                        if (inB[o] == 1) {
                            b.add(new int[] {o, 30 - scores[o]});
                        }
                    }
                    OutcomeMonitor m = monitor(0);
                    List<TrackAssessment> pairs = new ArrayList<>();
                    int i = 0;
                    int j = 0;
                    for (int k = 0; i < a.size() || j < b.size(); k++) {
                        boolean takeA = j >= b.size() || i < a.size() && order[k % order.length] == 1;
                        int[] e = takeA ? a.get(i++) : b.get(j++);
                        for (TrackAssessment x : m.record(adm("p", takeA ? "ta" : "tb", e[0], e[1])).assessments()) {
                            if (x.rule().id().equals("core-pair")) {
                                pairs.add(x);
                            }
                        }
                    }
                    TrackRule pair = m.rules().get(1);
                    assertThat(pairs).isEqualTo(pair.evaluate(List.of(series("ta.total", a), series("tb.total", b))));
                });
    }

    private static ScoreSeries series(String scale, List<int[]> obs) {
        return ScoreSeries.of("p", scale, obs.stream().mapToInt(x -> x[0]).toArray(), obs.stream().mapToDouble(x -> x[1]).toArray());
    }

    private static OutcomeMonitor populated(int keep) {
        OutcomeMonitor m = monitor(keep);
        m.record(adm("p1", "ta", 0, 10));
        m.record(adm("p1", "ta", 1, 14));
        m.record(adm("p2", "ta", 0, 5));
        m.record(adm("p2", "tb", 0, 5));
        m.record(adm("p2", "ta", 1, 9));
        return m;
    }

    @Test
    void snapshotsRoundTripAndEveryMutationIsRejectedOrHarmless() {
        for (int keep : new int[] {0, 10}) {
            OutcomeMonitor m = populated(keep);
            String original = m.snapshot();
            OutcomeMonitor restored = monitor(keep);
            restored.restore(original);
            assertThat(restored.snapshot()).isEqualTo(original);
            byte[] bytes = original.getBytes(StandardCharsets.UTF_8);
            qt().withExamples(800).forAll(Generate.range(0, bytes.length - 1), Generate.range(0, 255)).checkAssert((pos, b) -> {
                byte[] mutated = bytes.clone();
                mutated[pos] = (byte) (int) b;
                OutcomeMonitor target = monitor(keep);
                try {
                    target.restore(new ByteArrayInputStream(mutated));
                    assertThat(target.snapshot()).isEqualTo(original);
                } catch (DataFormatException e) {
                    assertThat(target.patientCount()).isZero();
                }
            });
        }
    }

    @Test
    void aRejectedRecordChangesNothingAndUnreadInstrumentsCreateNoState() {
        OutcomeMonitor m = populated(0);
        String before = m.snapshot();
        assertThatThrownBy(() -> m.record(adm("p1", "ta", 1, 3))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("duplicate occasion");
        assertThatThrownBy(() -> m.record(adm("p1", "ta", 2, 31))).isInstanceOf(ValidationException.class);
        assertThat(m.record(adm("p9", "other", 0, 1)).assessments()).isEmpty();
        assertThat(m.snapshot()).isEqualTo(before);
        assertThat(m.patientCount()).isEqualTo(2);
    }

    @Test
    void aKeptHistoryIsTheBatchHistory() {
        OutcomeMonitor m = populated(10);
        m.record(adm("p2", "other", 1, 3)); // kept although no rule reads it
        Map<String, List<Administration>> by = new HashMap<>();
        by.put("p2", List.of(adm("p2", "ta", 0, 5), adm("p2", "tb", 0, 5), adm("p2", "ta", 1, 9), adm("p2", "other", 1, 3)));
        PatientHistory kept = m.history("p2").orElseThrow();
        PatientHistory batch = PatientHistory.score("p2", INSTRUMENTS, by.get("p2"));
        assertThat(kept.administrations()).containsExactlyInAnyOrderElementsOf(batch.administrations());
        for (String scale : batch.scales()) {
            assertThat(kept.series(scale)).isEqualTo(batch.series(scale));
        }
        assertThat(m.history("nobody")).isEmpty();
        assertThatThrownBy(() -> monitor(0).history("p2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPatientWhoseAdministrationsNoRuleReadsSurvivesASnapshotWhenHistoriesAreKept() {
        OutcomeMonitor m = monitor(10);
        m.record(adm("p9", "other", 0, 3));
        assertThat(m.patientCount()).isEqualTo(1);
        OutcomeMonitor restored = monitor(10);
        restored.restore(m.snapshot());
        assertThat(restored.snapshot()).isEqualTo(m.snapshot());
        assertThat(restored.history("p9").orElseThrow().administrations()).containsExactly(adm("p9", "other", 0, 3));
        // without histories such a patient has no state at all
        OutcomeMonitor bare = monitor(0);
        bare.record(adm("p9", "other", 0, 3));
        assertThat(bare.patientCount()).isZero();
    }
}
