package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.rules.research.RocCurve;
import org.openrom.rules.research.RuleComparison;
import org.openrom.rules.research.RuleComparison.Accuracy;
import org.quicktheories.generators.Generate;

class RocCurveTest {
    private static Accuracy acc(String rule, int tp, int fp, int tn, int fn) {
        RuleComparison.Interval nan = new RuleComparison.Interval(Double.NaN, Double.NaN, Double.NaN);
        return new Accuracy(rule, tp + fp + tn + fn, tp + fp, tp, fp, tn, fn, nan, nan, nan, nan, Double.NaN, Double.NaN,
                new RuleComparison.LeadTime(tp + fn, tp, Double.NaN, Double.NaN, Double.NaN, List.of()));
    }

    @Test
    void theAreaIsTheTrapezoidsThroughTheOperatingPoints() {
        // one point at (0.2, 0.8): area = 0.2·0.8/2 + 0.8·(0.8 + 1)/2 = 0.08 + 0.72 = 0.8
        RocCurve one = RocCurve.of(List.of(acc("a", 8, 2, 8, 2)));
        assertThat(one.auc()).isCloseTo(0.8, within(1e-12));
        // a perfect rule: 1; a rule at chance: 0.5
        assertThat(RocCurve.of(List.of(acc("p", 10, 0, 10, 0))).auc()).isCloseTo(1.0, within(1e-12));
        assertThat(RocCurve.of(List.of(acc("c", 5, 5, 5, 5))).auc()).isCloseTo(0.5, within(1e-12));
        // points are sorted by 1 − specificity whatever the order given
        RocCurve two = RocCurve.of(List.of(acc("b", 9, 5, 5, 1), acc("a", 8, 2, 8, 2)));
        assertThat(two.points()).extracting(RocCurve.Point::rule).containsExactly("a", "b");
        assertThat(two.auc()).isCloseTo(0.08 + (0.5 - 0.2) * (0.8 + 0.9) / 2 + 0.5 * (0.9 + 1) / 2, within(1e-12));
        assertThat(RocCurve.of(List.of(acc("none", 0, 3, 3, 0))).auc()).isNaN();
    }

    @Test
    void theAreaLiesInTheUnitIntervalIgnoresTheOrderGivenAndForOnePointIsOneHalfOfOnePlusYoudensJ() {
        qt().withExamples(500).forAll(Generate.intArrays(Generate.range(2, 12), Generate.range(0, 20)),
                Generate.longRange(0, Long.MAX_VALUE)).checkAssert((v, seed) -> {
                    List<Accuracy> pts = new ArrayList<>();
                    for (int i = 0; i + 1 < v.length; i += 2) {
                        pts.add(acc("r" + i, v[i], v[i + 1], 20 - v[i + 1], 20 - v[i]));
                    }
                    double auc = RocCurve.of(pts).auc();
                    assertThat(auc).isBetween(0.0, 1.0);
                    List<Accuracy> shuffled = new ArrayList<>(pts);
                    java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
                    assertThat(RocCurve.of(shuffled).auc()).isCloseTo(auc, within(1e-12));
                    Accuracy first = pts.get(0);
                    double tpr = first.tp() / 20.0;
                    double fpr = first.fp() / 20.0;
                    assertThat(RocCurve.of(List.of(first)).auc()).isCloseTo((1 + tpr - fpr) / 2, within(1e-12));
                });
    }

    @Test
    void aSweepNamesItsKeyAndItsValues() {
        List<String> specs = org.openrom.rules.research.RuleSweep.specs("reliable-change:sd-pre=4", "critical=1..2:0.5");
        assertThat(org.openrom.rules.research.RuleSweep.key("critical=1..2:0.5")).isEqualTo("critical");
        assertThat(org.openrom.rules.research.RuleSweep.values(specs, "critical")).containsExactly("1", "1.5", "2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.openrom.rules.research.RuleSweep.key("=1..2"))
                .hasMessageContaining("expected key=a..b");
    }
}
