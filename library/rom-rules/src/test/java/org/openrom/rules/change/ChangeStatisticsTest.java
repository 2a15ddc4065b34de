package org.openrom.rules.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.openrom.rules.change.ChangeCategory.DETERIORATED;
import static org.openrom.rules.change.ChangeCategory.HARMED;
import static org.openrom.rules.change.ChangeCategory.IMPROVED;
import static org.openrom.rules.change.ChangeCategory.RECOVERED;
import static org.openrom.rules.change.ChangeCategory.UNCHANGED;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;

/** Reproduces the published clinicalsignificance outputs on claus_2020 HAM-D (Jacobson &amp; Truax 1991; Claus et al. 2024). */
class ChangeStatisticsTest {
    private final List<PrePost> hamd = ClausData.hamdPairs();

    private ChangeAnalysis run(RciMethod m) {
        return ChangeStatistics.analyse(hamd, ChangeStatistics.options(m, 0.8, Direction.LOWER_IS_BETTER));
    }

    private static int[] counts(ChangeAnalysis a) {
        return new int[] {a.count(IMPROVED) + a.count(RECOVERED), a.count(UNCHANGED), a.count(DETERIORATED) + a.count(HARMED)};
    }

    @Test
    void sampleStatisticsMatchThePublishedValues() {
        ChangeAnalysis jt = run(RciMethod.JT);
        assertThat(jt.n()).isEqualTo(40);
        assertThat(jt.meanPre()).isCloseTo(24.85, within(1e-9));
        assertThat(jt.sdPre()).isCloseTo(3.340121, within(5e-7));
        assertThat(jt.standardErrorOfDifference()).isCloseTo(2.112478, within(5e-7));
    }

    @Test
    void categoryCountsMatchThePublishedOutputsForEveryMethod() {
        assertThat(counts(run(RciMethod.JT))).containsExactly(29, 10, 1);
        assertThat(counts(run(RciMethod.GLN))).containsExactly(29, 10, 1);
        assertThat(counts(run(RciMethod.HLL))).containsExactly(12, 16, 12);
        assertThat(counts(run(RciMethod.EN))).containsExactly(32, 5, 3);
        assertThat(counts(run(RciMethod.HA))).containsExactly(32, 7, 1);
    }

    @Test
    void combinedJacobsonTruaxWithCutoffC() {
        ChangeAnalysis a = ChangeStatistics.analyse(hamd, ChangeStatistics.options(RciMethod.JT, 0.8,
                Direction.LOWER_IS_BETTER).cutoff(Cutoffs.Kind.C, Cutoffs.Variant.JT, 8, 8));
        assertThat(a.cutoff().getAsDouble()).isCloseTo(19.887, within(5e-4));
        assertThat(a.count(RECOVERED)).isEqualTo(26);
        assertThat(a.count(IMPROVED)).isEqualTo(3);
        assertThat(a.count(UNCHANGED)).isEqualTo(10);
        assertThat(a.count(DETERIORATED)).isEqualTo(1);
        assertThat(a.count(HARMED)).isZero();
    }

    @Test
    void checkValuesOfDomainSection3() {
        RciParameters p = new RciParameters(0.95, 0, 7.6, Double.NaN, Double.NaN, Double.NaN);
        assertThat(p.standardError()).isCloseTo(1.699412, within(5e-7));
        assertThat(p.standardErrorOfDifference()).isCloseTo(2.403331, within(5e-7));
        assertThat(p.minimumReliableChange(1.96)).isCloseTo(4.710529, within(5e-7));
        Direction lower = Direction.LOWER_IS_BETTER;
        assertThat(Cutoffs.cutoff(Cutoffs.Kind.A, Cutoffs.Variant.JT, lower, 32, 7, 10, 7)).isEqualTo(18);
        assertThat(Cutoffs.cutoff(Cutoffs.Kind.B, Cutoffs.Variant.JT, lower, 32, 7, 10, 7)).isEqualTo(24);
        assertThat(Cutoffs.cutoff(Cutoffs.Kind.C, Cutoffs.Variant.JT, lower, 32, 7, 10, 7)).isEqualTo(21);
        assertThat(Cutoffs.cutoff(Cutoffs.Kind.A, Cutoffs.Variant.JT, lower, 20, 6, 5, 4)).isEqualTo(8);
        assertThat(Cutoffs.cutoff(Cutoffs.Kind.B, Cutoffs.Variant.JT, lower, 20, 6, 5, 4)).isEqualTo(13);
        assertThat(Cutoffs.cutoff(Cutoffs.Kind.B, Cutoffs.Variant.PACKAGE, lower, 20, 6, 5, 4)).isEqualTo(17);
        assertThat(Cutoffs.cutoff(Cutoffs.Kind.C, Cutoffs.Variant.JT, lower, 20, 6, 5, 4)).isEqualTo(11);
        // toward health flips for higher-is-better scales
        assertThat(Cutoffs.cutoff(Cutoffs.Kind.A, Cutoffs.Variant.JT, Direction.HIGHER_IS_BETTER, 20, 6, 5, 4)).isEqualTo(32);
    }

    @Test
    void defaultCriticalValuesFollowTheCurrentPackageAndTheOldOnesStaySelectable() {
        for (RciMethod m : RciMethod.values()) {
            assertThat(m.defaultCritical()).isEqualTo(m == RciMethod.HA ? 1.6448536269514722 : 1.959963984540054);
        }
        assertThat(RciMethod.EN.critical(RciMethod.CriticalValues.CLINICALSIGNIFICANCE_1)).isEqualTo(2.0);
        assertThat(RciMethod.HA.critical(RciMethod.CriticalValues.CLINICALSIGNIFICANCE_1)).isEqualTo(1.65);
        assertThat(RciMethod.JT.critical(RciMethod.CriticalValues.CLINICALSIGNIFICANCE_1)).isEqualTo(1.96);
        ChangeAnalysis v1 = ChangeStatistics.analyse(hamd, ChangeStatistics.options(RciMethod.EN, 0.8,
                Direction.LOWER_IS_BETTER).criticalValues(RciMethod.CriticalValues.CLINICALSIGNIFICANCE_1));
        assertThat(v1.critical()).isEqualTo(2.0);
        assertThat(v1.criticalValues()).isEqualTo(RciMethod.CriticalValues.CLINICALSIGNIFICANCE_1);
        assertThat(run(RciMethod.EN).critical()).isEqualTo(1.959963984540054);
    }

    @Test
    void aScoreExactlyAtTheCutoffFollowsTheTieRule() {
        // cut-off a = 18 − 2·5 = 8 (lower is better); pre 8, post 2 is a reliable improvement that starts at the cut-off
        List<PrePost> pairs = List.of(new PrePost("at", 8, 2), new PrePost("x", 20, 19), new PrePost("down", 7, 14),
                new PrePost("y", 12, 12));
        java.util.function.Function<Cutoffs.Tie, ChangeAnalysis> run = tie -> ChangeStatistics.analyse(pairs,
                ChangeStatistics.options(RciMethod.JT, 0.8, Direction.LOWER_IS_BETTER).sdPre(2).tie(tie)
                        .cutoff(Cutoffs.Kind.A, Cutoffs.Variant.JT, Double.NaN, Double.NaN).clinicalNorms(18, 5));
        ChangeAnalysis neither = run.apply(Cutoffs.Tie.NEITHER);
        assertThat(neither.cutoff()).hasValue(8);
        assertThat(neither.category(0)).isEqualTo(IMPROVED); // as the package: pre 8 is not clinical
        assertThat(neither.category(2)).isEqualTo(HARMED); // 7 → 14: strictly functional to strictly clinical
        assertThat(run.apply(Cutoffs.Tie.CLINICAL).category(0)).isEqualTo(RECOVERED);
        assertThat(run.apply(Cutoffs.Tie.PACKAGE).category(0)).isEqualTo(IMPROVED);
        assertThat(neither.tie()).isEqualTo(Cutoffs.Tie.NEITHER);
        // a post score at the cut-off: neither functional (no recovery) nor, under PACKAGE, anything but clinical
        assertThat(Cutoffs.crossed(20, 8, 8, Direction.LOWER_IS_BETTER, Cutoffs.Tie.NEITHER, true)).isFalse();
        assertThat(Cutoffs.crossed(5, 8, 8, Direction.LOWER_IS_BETTER, Cutoffs.Tie.NEITHER, false)).isFalse();
        assertThat(Cutoffs.crossed(5, 8, 8, Direction.LOWER_IS_BETTER, Cutoffs.Tie.PACKAGE, false)).isTrue();
        assertThat(Cutoffs.crossed(8, 9, 8, Direction.LOWER_IS_BETTER, Cutoffs.Tie.PACKAGE, false)).isTrue();
        assertThat(Cutoffs.crossed(8, 9, 8, Direction.LOWER_IS_BETTER, Cutoffs.Tie.CLINICAL, false)).isFalse();
    }

    @Test
    void hagemanArrindellUseTrueScoreCutoffsAndTheirIndividualCriterion() {
        // check values: M1 32, SD1 7, M0 10, SD0 7, r .8 → SE² 9.8, r1 = r0 = .8, SD·√r = 6.2610
        double w = 7 * Math.sqrt(0.8);
        assertThat(Cutoffs.trueScoreCutoff(Cutoffs.Kind.A, Cutoffs.Variant.JT, Direction.LOWER_IS_BETTER, 32, 7, 10, 7, 0.8))
                .isCloseTo(32 - 2 * w, within(1e-12));
        assertThat(Cutoffs.trueScoreCutoff(Cutoffs.Kind.B, Cutoffs.Variant.JT, Direction.LOWER_IS_BETTER, 32, 7, 10, 7, 0.8))
                .isCloseTo(10 + 2 * w, within(1e-12));
        assertThat(Cutoffs.trueScoreCutoff(Cutoffs.Kind.C, Cutoffs.Variant.JT, Direction.LOWER_IS_BETTER, 32, 7, 10, 7, 0.8))
                .isCloseTo(21, within(1e-12));
        assertThatThrownBy(() -> Cutoffs.trueScoreCutoff(Cutoffs.Kind.C, Cutoffs.Variant.JT, Direction.LOWER_IS_BETTER, 32,
                7, 10, 1, 0.8)).hasMessageContaining("larger than the standard error of measurement");
        ChangeAnalysis ha = ChangeStatistics.analyse(hamd, ChangeStatistics.options(RciMethod.HA, 0.8,
                Direction.LOWER_IS_BETTER).cutoff(Cutoffs.Kind.C, Cutoffs.Variant.JT, 8, 8));
        assertThat(ha.trueScoreCutoff()).isTrue();
        assertThat(ha.count(HARMED)).isZero(); // HA defines no harmed category
        ChangeAnalysis jt = ChangeStatistics.analyse(hamd, ChangeStatistics.options(RciMethod.JT, 0.8,
                Direction.LOWER_IS_BETTER).cutoff(Cutoffs.Kind.C, Cutoffs.Variant.JT, 8, 8));
        assertThat(jt.trueScoreCutoff()).isFalse();
        assertThat(ha.cutoff().getAsDouble()).isNotEqualTo(jt.cutoff().getAsDouble());
    }

    @Test
    void nunnallyKotschTakeASeparatePostReliability() {
        ChangeAnalysis same = run(RciMethod.NK);
        ChangeAnalysis post = ChangeStatistics.analyse(hamd, ChangeStatistics.options(RciMethod.NK, 0.8,
                Direction.LOWER_IS_BETTER).reliabilityPost(0.9));
        assertThat(post.parameters().reliabilityPost()).isEqualTo(0.9);
        assertThat(same.parameters().reliabilityPost()).isEqualTo(0.8);
        double sd = same.sdPre();
        double pre = hamd.get(0).pre();
        double expected = (hamd.get(0).post() - (0.8 * (pre - same.meanPre()) + same.meanPre()))
                / Math.sqrt(0.64 * sd * sd * 0.2 + sd * sd * 0.1);
        assertThat(post.index(0)).isCloseTo(expected, within(1e-12));
        assertThatThrownBy(() -> ChangeStatistics.options(RciMethod.JT, 0.8, Direction.LOWER_IS_BETTER).reliabilityPost(0.9))
                .hasMessageContaining("only NK uses one");
    }

    @Test
    void degenerateSamplesGiveClearErrors() {
        List<PrePost> flat = List.of(new PrePost("a", 10, 8), new PrePost("b", 10, 9));
        assertThatThrownBy(() -> ChangeStatistics.analyse(flat, ChangeStatistics.options(RciMethod.JT, 0.8,
                Direction.LOWER_IS_BETTER))).isInstanceOf(ValidationException.class).hasMessageContaining("all pre scores are equal");
        assertThatThrownBy(() -> ChangeStatistics.analyse(List.of(new PrePost("a", 10, 8)),
                ChangeStatistics.options(RciMethod.JT, 0.8, Direction.LOWER_IS_BETTER))).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> ChangeStatistics.options(RciMethod.JT, 1.0, Direction.LOWER_IS_BETTER))
                .hasMessageContaining("reliability");
        // a published SD rescues a flat sample
        ChangeAnalysis a = ChangeStatistics.analyse(flat, ChangeStatistics.options(RciMethod.JT, 0.8,
                Direction.LOWER_IS_BETTER).sdPre(5));
        assertThat(a.count(UNCHANGED)).isEqualTo(2);
    }
}
