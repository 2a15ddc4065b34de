package org.openrom.rules.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Direction;

/** Change categories split by group, with Pearson's chi-square test: hand-computed tables and chi-square quantiles. */
class GroupComparisonTest {
    @Test
    void theChiSquareTailMatchesTabulatedQuantiles() {
        // the 95% and 99.9% quantiles of chi-square with 1, 2 and 5 degrees of freedom
        assertThat(GroupComparison.chiSquareUpperTail(3.841458820694124, 1)).isCloseTo(0.05, within(1e-12));
        assertThat(GroupComparison.chiSquareUpperTail(5.991464547107979, 2)).isCloseTo(0.05, within(1e-12));
        assertThat(GroupComparison.chiSquareUpperTail(11.070497693516351, 5)).isCloseTo(0.05, within(1e-12));
        assertThat(GroupComparison.chiSquareUpperTail(10.827566170662733, 1)).isCloseTo(0.001, within(1e-13));
        assertThat(GroupComparison.chiSquareUpperTail(0, 3)).isEqualTo(1.0);
        assertThat(GroupComparison.chiSquareUpperTail(200, 4)).isCloseTo(0, within(1e-40));
    }

    @Test
    void aHandComputedTwoByTwoTable() {
        // arm A: 10 improved, 10 unchanged; arm B: 5 improved, 15 unchanged (SD 2, r .8: a fall of 10 is reliable)
        List<PrePost> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean a = i < 20;
            boolean improved = a ? i < 10 : i < 25;
            pairs.add(new PrePost((a ? "a" : "b") + i, 20, improved ? 10 : 20));
        }
        ChangeAnalysis an = ChangeStatistics.analyse(pairs, ChangeStatistics.options(RciMethod.JT, 0.8,
                Direction.LOWER_IS_BETTER).sdPre(2));
        GroupComparison g = GroupComparison.of(an, id -> id.substring(0, 1));
        assertThat(g.groups()).containsExactly("a", "b");
        assertThat(g.counts().get("a").get(ChangeCategory.IMPROVED)).isEqualTo(10);
        assertThat(g.counts().get("b").get(ChangeCategory.UNCHANGED)).isEqualTo(15);
        // expected 7.5 / 12.5 in each row: chi² = 2·2.5²/7.5 + 2·2.5²/12.5 = 8/3
        assertThat(g.chiSquare()).isCloseTo(8.0 / 3, within(1e-12));
        assertThat(g.df()).isEqualTo(1);
        assertThat(g.p()).isCloseTo(0.102470434, within(1e-8));
        assertThat(g.cramersV()).isCloseTo(Math.sqrt(8.0 / 3 / 40), within(1e-12));
        assertThat(g.sparse()).isFalse();
        // Yates, by hand: |O − E| = 2.5 everywhere, k = 0.5: 2·2²/7.5 + 2·2²/12.5 = 1.7067; R's
        // chisq.test(matrix(c(10, 5, 10, 15), 2)) gives X-squared = 1.7067, p-value = 0.1914
        assertThat(g.chiSquareYates()).isCloseTo(2 * 4 / 7.5 + 2 * 4 / 12.5, within(1e-12));
        assertThat(g.pYates()).isCloseTo(0.1914, within(1e-4));
        GroupComparison one = GroupComparison.of(an, id -> "all");
        assertThat(one.chiSquareYates()).isNaN();
        assertThat(one.chiSquare()).isNaN();
        assertThat(one.p()).isNaN();
    }

    @Test
    void theArmsOfClaus2020AddUpToTheWholeSample() {
        ChangeAnalysis an = ChangeStatistics.analyse(ClausData.hamdPairs(), ChangeStatistics.options(RciMethod.JT, 0.8,
                Direction.LOWER_IS_BETTER));
        Map<String, String> arm = ClausData.treatments();
        GroupComparison g = GroupComparison.of(an, arm::get);
        assertThat(g.groups()).containsExactlyInAnyOrder("TAU", "PA");
        for (ChangeCategory c : ChangeCategory.values()) {
            assertThat(g.counts().values().stream().mapToInt(m -> m.get(c)).sum()).isEqualTo(an.count(c));
        }
        assertThat(g.p()).isBetween(0.0, 1.0);
        assertThat(g.sparse()).isTrue(); // 40 patients, few deteriorated: the approximation is flagged
    }
}
