package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.rules.research.McNemar;
import org.openrom.rules.research.PairedTables;
import org.openrom.rules.research.RuleComparison;
import org.quicktheories.generators.Generate;

/** McNemar's test against computations written apart from it, and the paired counts against a direct count. */
class McNemarTest {

    /** The exact two-sided p-value with integers: 2 · Σ_{i ≤ min(b, c)} C(n, i) / 2ⁿ, capped at 1. */
    private static double exact(int b, int c) {
        int n = b + c;
        BigInteger sum = BigInteger.ZERO;
        BigInteger choose = BigInteger.ONE;
        for (int i = 0; i <= Math.min(b, c); i++) {
            if (i > 0) {
                choose = choose.multiply(BigInteger.valueOf(n - i + 1)).divide(BigInteger.valueOf(i));
            }
            sum = sum.add(choose);
        }
        BigDecimal p = new BigDecimal(sum.shiftLeft(1)).divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)), MathContext.DECIMAL64);
        return Math.min(1, p.doubleValue());
    }

    @Test
    void agrestisPresidentialApprovalExample() {
        // Agresti (2007), table 8.1: 150 approve then disapprove, 86 the reverse; R: mcnemar.test(…, correct = FALSE)
        // gives 17.356, p = 3.099e-05, and with the correction 16.818, p = 4.115e-05
        McNemar m = McNemar.of(150, 86);
        assertThat(m.chiSquare()).isCloseTo(17.3559, within(1e-4));
        assertThat(m.p()).isCloseTo(3.099e-5, within(1e-8));
        assertThat(m.chiSquareCorrected()).isCloseTo(16.8178, within(1e-4));
        assertThat(m.pCorrected()).isCloseTo(4.115e-5, within(1e-8));
        assertThat(McNemar.of(0, 0).pExact()).isEqualTo(1.0);
        assertThat(McNemar.of(0, 0).chiSquare()).isNaN();
        assertThat(McNemar.of(5, 5).pExact()).isEqualTo(1.0);
        assertThatThrownBy(() -> McNemar.of(-1, 2)).isInstanceOf(ValidationException.class).hasMessageContaining("b/c");
    }

    @Test
    void everyFormEqualsItsIndependentComputation() {
        qt().withExamples(400).forAll(Generate.range(0, 300), Generate.range(0, 300)).checkAssert((b, c) -> {
            McNemar m = McNemar.of(b, c);
            assertThat(McNemar.of(c, b)).isEqualTo(new McNemar(c, b, m.chiSquare(), m.p(), m.chiSquareCorrected(),
                    m.pCorrected(), m.pExact()));
            assertThat(m.pExact()).isCloseTo(exact(b, c), within(1e-12 + 1e-9 * exact(b, c)));
            if (b + c == 0) {
                return;
            }
            double x = (double) (b - c) * (b - c) / (b + c);
            assertThat(m.chiSquare()).isCloseTo(x, within(1e-12 * (1 + x)));
            assertThat(m.p()).isCloseTo(IndependentStats.chiSquare1Tail(x), within(1e-10));
            double xc = Math.pow(Math.max(0, Math.abs(b - c) - 1), 2) / (b + c);
            assertThat(m.pCorrected()).isCloseTo(IndependentStats.chiSquare1Tail(xc), within(1e-10));
            assertThat(m.pCorrected()).isGreaterThanOrEqualTo(m.p() - 1e-15);
        });
    }

    @Test
    void thePairedCountsAreTheDiscordantPatientsAndTheirDifferenceTheDifferenceInTruePositives() {
        TrackRule a = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=3");
        TrackRule b = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=6");
        qt().withExamples(100).forAll(Generate.longRange(1, Long.MAX_VALUE)).checkAssert(seed -> {
            Random rnd = new Random(seed);
            RuleComparison cmp = new RuleComparison(List.of(a, b));
            int[] counts = new int[4]; // discordant patients where a is right or b is right: poor outcomes, then good
            for (int p = 0; p < 40; p++) {
                double[] x = new double[2 + rnd.nextInt(6)];
                for (int o = 0; o < x.length; o++) {
                    x[o] = 10 + rnd.nextInt(12) - 4;
                }
                boolean poor = rnd.nextBoolean();
                ScoreSeries s = ScoreSeries.consecutive("p" + p, "mood.total", x);
                List<List<TrackAssessment>> as = new ArrayList<>(List.of(a.evaluate(s), b.evaluate(s)));
                int last = x.length - 1;
                cmp.add(poor, last, as);
                boolean fa = as.get(0).stream().anyMatch(t -> t.occasion() < last && t.isNotOnTrack());
                boolean fb = as.get(1).stream().anyMatch(t -> t.occasion() < last && t.isNotOnTrack());
                if (fa != fb) {
                    counts[(poor ? 0 : 2) + (fa == poor ? 0 : 1)]++;
                }
            }
            RuleComparison.Paired paired = cmp.paired(0, 1);
            assertThat(paired.sensitivity().b()).isEqualTo(counts[0]);
            assertThat(paired.sensitivity().c()).isEqualTo(counts[1]);
            assertThat(paired.specificity().b()).isEqualTo(counts[2]);
            assertThat(paired.specificity().c()).isEqualTo(counts[3]);
            var r = cmp.results();
            assertThat(paired.sensitivity().b() - paired.sensitivity().c()).isEqualTo(r.get(0).tp() - r.get(1).tp());
            assertThat(paired.specificity().b() - paired.specificity().c()).isEqualTo(r.get(0).tn() - r.get(1).tn());
            assertThat(PairedTables.json(cmp).get(0).path("sensitivity").path("b").asInt()).isEqualTo(counts[0]);
        });
    }

    /** Mann-Whitney's kernel: 1 when the poor outcome scores higher, one half on a tie. */
    private static double psi(double poor, double good) {
        return poor > good ? 1 : poor == good ? 0.5 : 0;
    }

    private static double covariance(double[] u, double[] v) {
        double mu = java.util.Arrays.stream(u).average().orElseThrow();
        double mv = java.util.Arrays.stream(v).average().orElseThrow();
        double s = 0;
        for (int k = 0; k < u.length; k++) {
            s += (u[k] - mu) * (v[k] - mv);
        }
        return s / (u.length - 1);
    }

    /**
     * DeLong's paired test between two rules' flags, against its definition computed pair by pair apart from the
     * library: the placement values V₁₀ and V₀₁ of each patient under each flag, their variances and covariance, and
     * the areas as the rules' balanced accuracies.
     */
    @Test
    void thePairedAucTestOfTwoRulesIsDeLongsOnTheirFlags() {
        TrackRule a = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=3");
        TrackRule b = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=6");
        java.util.concurrent.atomic.AtomicInteger tested = new java.util.concurrent.atomic.AtomicInteger();
        qt().withExamples(100).forAll(Generate.longRange(1, Long.MAX_VALUE)).checkAssert(seed -> {
            Random rnd = new Random(seed);
            RuleComparison cmp = new RuleComparison(List.of(a, b));
            List<double[]> poorFlags = new ArrayList<>();
            List<double[]> goodFlags = new ArrayList<>();
            for (int p = 0; p < 60; p++) {
                double[] x = new double[2 + rnd.nextInt(6)];
                for (int o = 0; o < x.length; o++) {
                    x[o] = 10 + rnd.nextInt(12) - 4;
                }
                boolean poor = rnd.nextInt(3) == 0;
                ScoreSeries s = ScoreSeries.consecutive("p" + p, "mood.total", x);
                List<List<TrackAssessment>> as = new ArrayList<>(List.of(a.evaluate(s), b.evaluate(s)));
                int last = x.length - 1;
                cmp.add(poor, last, as);
                double fa = as.get(0).stream().anyMatch(t -> t.occasion() < last && t.isNotOnTrack()) ? 1 : 0;
                double fb = as.get(1).stream().anyMatch(t -> t.occasion() < last && t.isNotOnTrack()) ? 1 : 0;
                (poor ? poorFlags : goodFlags).add(new double[] {fa, fb});
            }
            RuleComparison.PairedAuc d = cmp.pairedAuc(0, 1);
            if (poorFlags.size() < 2 || goodFlags.size() < 2) {
                return;
            }
            int n1 = poorFlags.size();
            int n0 = goodFlags.size();
            double[][] v10 = new double[2][n1];
            double[][] v01 = new double[2][n0];
            for (int r = 0; r < 2; r++) {
                for (int i = 0; i < n1; i++) {
                    for (int j = 0; j < n0; j++) {
                        double k = psi(poorFlags.get(i)[r], goodFlags.get(j)[r]);
                        v10[r][i] += k / n0;
                        v01[r][j] += k / n1;
                    }
                }
            }
            var res = cmp.results();
            for (int r = 0; r < 2; r++) {
                double area = java.util.Arrays.stream(v10[r]).average().orElseThrow();
                assertThat(r == 0 ? d.firstAuc() : d.secondAuc()).isCloseTo(area, within(1e-12));
                double balanced = ((double) res.get(r).tp() / n1 + (double) res.get(r).tn() / n0) / 2;
                assertThat(area).isCloseTo(balanced, within(1e-12));
            }
            double var = (covariance(v10[0], v10[0]) + covariance(v10[1], v10[1]) - 2 * covariance(v10[0], v10[1])) / n1
                    + (covariance(v01[0], v01[0]) + covariance(v01[1], v01[1]) - 2 * covariance(v01[0], v01[1])) / n0;
            if (var < 1e-12) {
                assertThat(d.z()).isNaN();
                return;
            }
            double z = (d.firstAuc() - d.secondAuc()) / Math.sqrt(var);
            assertThat(d.z()).isCloseTo(z, within(1e-9));
            assertThat(d.p()).isCloseTo(IndependentStats.chiSquare1Tail(z * z), within(1e-9));
            assertThat(PairedTables.json(cmp).get(0).path("auc").path("z").asDouble()).isCloseTo(z, within(1e-9));
            assertThat(PairedTables.markdown(cmp)).contains("DeLong's paired test").contains("| 1 vs 2 | ");
            tested.incrementAndGet();
        });
        assertThat(tested.get()).as("examples with a finite z").isGreaterThan(50);
    }
}
