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
