package org.openrom.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.needs.TestNeeds;
import org.openrom.core.score.Administration;
import org.quicktheories.generators.Generate;

/** The group climate on test scales: test-mixed.mean (1..5, higher is better) and mood.total (lower is better). */
class GroupClimateTest {
    private static final InstrumentRegistry INSTRUMENTS = TestNeeds.instruments();
    private static final GroupClimate.Options ONLY_DROP = new GroupClimate.Options(List.of("test-mixed.mean"), 2, 1.0, 0, 20);

    /** An administration whose test-mixed.mean is {@code a}: item b is reverse-keyed, so it is answered 6 − b. */
    private static Administration mixed(String p, int occasion, int a, int b) {
        return Administration.builder(p, "test-mixed", occasion).groupId("g").answer("a", a).answer("b", 6 - b)
                .answer("c", 0).build();
    }

    private static PatientHistory history(String p, int... means) {
        List<Administration> a = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            a.add(mixed(p, i, means[i], means[i]));
        }
        return PatientHistory.score(p, INSTRUMENTS, a);
    }

    @Test
    void perSessionTheGroupHasAMeanAndSpreadAndEachMemberAPositionAgainstItAndTheirBaseline() {
        List<PatientHistory> g = List.of(history("a", 4, 4, 4, 2), history("b", 3, 3, 3, 3), history("c", 5, 5, 5));
        GroupClimate c = GroupClimate.assess("g", 3, g, g, INSTRUMENTS, ONLY_DROP);
        GroupClimate.SessionSummary s0 = c.sessions().get(0);
        assertThat(s0.session()).isZero();
        assertThat(s0.n()).isEqualTo(3);
        assertThat(s0.mean()).isEqualTo(4.0);
        assertThat(s0.sd()).isEqualTo(1.0);
        GroupClimate.SessionSummary s3 = c.sessions().get(3);
        assertThat(s3.n()).isEqualTo(2);
        assertThat(s3.mean()).isEqualTo(2.5);
        // c has no score at session 3: not positioned
        assertThat(c.members()).extracting(GroupClimate.MemberPosition::patientId).containsExactly("a", "b");
        GroupClimate.MemberPosition a = c.members().get(0);
        assertThat(a.value()).isEqualTo(2.0);
        assertThat(a.fromGroupMean()).isEqualTo(-0.5);
        assertThat(a.baseline()).isEqualTo(4.0);
        assertThat(a.worseningFromBaseline()).isEqualTo(2.0);
        assertThat(a.dropFromBaseline()).isTrue();
        assertThat(a.lowAgainstService()).isFalse();
        assertThat(Double.isNaN(a.referenceThreshold())).isTrue();
        assertThat(c.possibleRuptures()).extracting(GroupClimate.MemberPosition::patientId).containsExactly("a");
        // before a member has more scores than the baseline takes, the drop criterion does not apply
        GroupClimate early = GroupClimate.assess("g", 1, g, g, INSTRUMENTS, ONLY_DROP);
        assertThat(early.members()).allSatisfy(m -> {
            assertThat(Double.isNaN(m.baseline())).isTrue();
            assertThat(m.possibleRupture()).isFalse();
        });
    }

    @Test
    void aScoreBeyondTheServicesPercentileFlagsInTheScalesUnfavourableDirection() {
        List<PatientHistory> service = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            service.add(history("s" + i, 2 + i % 4)); // 2..5, five of each
        }
        List<PatientHistory> group = List.of(history("low", 1), history("high", 5));
        GroupClimate.Options opt = new GroupClimate.Options(List.of("test-mixed.mean"), 2, 1.0, 10, 20);
        List<PatientHistory> all = new ArrayList<>(service);
        all.addAll(group);
        GroupClimate c = GroupClimate.assess("g", 0, group, all, INSTRUMENTS, opt);
        // 22 scores: one 1, five each of 2, 3, 4, six 5s; the 10th percentile is 2
        assertThat(c.members().get(0).referenceThreshold()).isEqualTo(2.0);
        assertThat(c.members()).extracting(GroupClimate.MemberPosition::patientId, GroupClimate.MemberPosition::lowAgainstService)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("low", true), org.assertj.core.groups.Tuple.tuple("high", false));
        // too small a reference: not applied
        GroupClimate few = GroupClimate.assess("g", 0, group, group, INSTRUMENTS, opt);
        assertThat(few.possibleRuptures()).isEmpty();
        assertThat(GroupClimate.percentile(List.of(1.0, 2.0, 3.0, 4.0), 50)).isEqualTo(2.5);
        assertThat(GroupClimate.percentile(List.of(3.0, 1.0, 2.0), 0)).isEqualTo(1.0);
        assertThat(GroupClimate.percentile(List.of(3.0, 1.0, 2.0), 100)).isEqualTo(3.0);
    }

    @Test
    void onALowerIsBetterScaleUpIsTheWrongWay() {
        List<PatientHistory> g = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Administration> a = List.of(Administration.builder("m" + i, "mood", 0).answer("q", 10).build(),
                    Administration.builder("m" + i, "mood", 1).answer("q", 10).build(),
                    Administration.builder("m" + i, "mood", 2).answer("q", 10 + 2 * i).build());
            g.add(PatientHistory.score("m" + i, INSTRUMENTS, a));
        }
        GroupClimate c = GroupClimate.assess("g", 2, g, g, INSTRUMENTS,
                new GroupClimate.Options(List.of("mood.total"), 2, 3.0, 0, 20));
        assertThat(c.members()).extracting(GroupClimate.MemberPosition::worseningFromBaseline).containsExactly(0.0, 2.0, 4.0);
        assertThat(c.possibleRuptures()).extracting(GroupClimate.MemberPosition::patientId).containsExactly("m2");
    }

    @Test
    void theDropFlagHoldsExactlyWhenTheWorseningReachesTheThresholdWhateverTheMembersOrder() {
        qt().withExamples(300).forAll(Generate.intArrays(Generate.constant(24), Generate.range(1, 5)),
                Generate.range(1, 3), Generate.longRange(0, Long.MAX_VALUE)).checkAssert((v, k, seed) -> {
                    List<PatientHistory> g = new ArrayList<>();
                    for (int m = 0; m < 6; m++) {
                        g.add(history("m" + m, v[m * 4], v[m * 4 + 1], v[m * 4 + 2], v[m * 4 + 3]));
                    }
                    GroupClimate.Options opt = new GroupClimate.Options(List.of("test-mixed.mean"), k, 1.5, 25, 6);
                    GroupClimate c = GroupClimate.assess("g", 3, g, g, INSTRUMENTS, opt);
                    for (GroupClimate.MemberPosition p : c.members()) {
                        int m = Integer.parseInt(p.patientId().substring(1));
                        double base = 0;
                        for (int i = 0; i < k; i++) {
                            base += v[m * 4 + i];
                        }
                        base /= k;
                        assertThat(p.dropFromBaseline()).isEqualTo(base - v[m * 4 + 3] >= 1.5);
                        assertThat(p.lowAgainstService()).isEqualTo(v[m * 4 + 3] < p.referenceThreshold());
                    }
                    // at most the lowest quarter (plus ties at the boundary) is below the 25th percentile
                    assertThat(c.members().stream().filter(GroupClimate.MemberPosition::lowAgainstService).count())
                            .isLessThanOrEqualTo(2);
                    List<PatientHistory> shuffled = new ArrayList<>(g);
                    Collections.shuffle(shuffled, new Random(seed));
                    GroupClimate again = GroupClimate.assess("g", 3, shuffled, shuffled, INSTRUMENTS, opt);
                    assertThat(again.possibleRuptures().stream().map(GroupClimate.MemberPosition::patientId).sorted().toList())
                            .isEqualTo(c.possibleRuptures().stream().map(GroupClimate.MemberPosition::patientId).sorted().toList());
                });
    }

    @Test
    void theMonitorAssessesAGroupFromItsOwnStateAndBadOptionsNameTheField() {
        OutcomeMonitor m = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(
                org.openrom.core.track.RuleRegistry.builder().add(org.openrom.core.monitor.TestRules.delta()).build())
                .rule("core-delta:scale=mood.total").needs(TestNeeds.engine()).keepHistory(50).build();
        int[][] means = {{4, 4, 2}, {3, 3, 3}};
        for (int o = 0; o < 3; o++) {
            m.record(mixed("a", o, means[0][o], means[0][o]));
            m.record(mixed("b", o, means[1][o], means[1][o]));
        }
        GroupClimate c = m.groupClimate("g", 2, ONLY_DROP);
        assertThat(c).isEqualTo(GroupClimate.assess("g", 2, List.of(history("a", 4, 4, 2), history("b", 3, 3, 3)).stream()
                .map(h -> h.withGroup("g")).toList(), List.of(), INSTRUMENTS, ONLY_DROP));
        assertThat(c.possibleRuptures()).extracting(GroupClimate.MemberPosition::patientId).containsExactly("a");
        assertThat(m.groupClimate("nobody", 2, ONLY_DROP).members()).isEmpty();
        assertThatThrownBy(() -> new GroupClimate.Options(List.of(), 2, 1, 10, 20)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("scales");
        assertThatThrownBy(() -> new GroupClimate.Options(List.of("x.y"), 0, 1, 10, 20)).hasMessageContaining("baselineSessions");
        assertThatThrownBy(() -> new GroupClimate.Options(List.of("x.y"), 1, 0, 10, 20)).hasMessageContaining("drop");
        assertThatThrownBy(() -> new GroupClimate.Options(List.of("x.y"), 1, 1, 60, 20)).hasMessageContaining("percentile");
        assertThatThrownBy(() -> new GroupClimate.Options(List.of("x.y"), 1, 1, 10, 1)).hasMessageContaining("minReference");
        assertThat(GroupClimate.Options.of(List.of("x.y"))).isEqualTo(new GroupClimate.Options(List.of("x.y"), 2, 1.0, 10, 20));
    }
}
