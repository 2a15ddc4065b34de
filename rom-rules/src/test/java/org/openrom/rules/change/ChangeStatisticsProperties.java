package org.openrom.rules.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Direction;
import org.quicktheories.generators.SourceDSL;

/**
 * The column-wise batch path of {@link ChangeStatistics} (a precomputed kernel, an inlined categorisation
 * without cut-off) agrees with the per-pair definitions: {@link RciMethod#index} and
 * {@link ChangeStatistics#categorise}, bit for bit, for every method, direction and cut-off choice.
 */
class ChangeStatisticsProperties {

    @Test
    void everyPatientIsTheDefinitionAppliedToTheirPair() {
        qt().withExamples(300).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 2 + r.nextInt(300);
            String[] ids = new String[n];
            double[] pre = new double[n];
            double[] post = new double[n];
            double shift = r.nextInt(21) - 10;
            for (int i = 0; i < n; i++) {
                ids[i] = "p" + i;
                pre[i] = 10 + r.nextInt(30);
                post[i] = Math.max(0, pre[i] + shift + Math.round(r.nextGaussian() * 6));
            }
            pre[0] = pre[1] + 1; // never all equal
            RciMethod method = RciMethod.values()[r.nextInt(RciMethod.values().length)];
            Direction direction = r.nextBoolean() ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER;
            ChangeStatistics.Options options = ChangeStatistics.options(method, 0.5 + r.nextInt(45) / 100.0, direction);
            if (r.nextBoolean()) {
                options.cutoff(Cutoffs.Kind.A, Cutoffs.Variant.JT, 8, 8);
            }
            ChangeAnalysis a;
            try {
                a = ChangeStatistics.analyse(ids, pre, post, options);
            } catch (org.openrom.core.ValidationException e) {
                return; // a sample the method cannot support (e.g. HA with r_dd <= 0): tested elsewhere
            }
            OptionalDouble cutoff = a.cutoff();
            double d = direction == Direction.HIGHER_IS_BETTER ? 1 : -1;
            Map<ChangeCategory, Integer> counts = new EnumMap<>(ChangeCategory.class);
            for (ChangeCategory c : ChangeCategory.values()) {
                counts.put(c, 0);
            }
            for (int i = 0; i < n; i++) {
                double expected = oracle(method, pre[i], post[i], a.parameters());
                assertThat(Double.doubleToLongBits(a.index(i))).isEqualTo(Double.doubleToLongBits(expected));
                assertThat(Double.doubleToLongBits(method.index(pre[i], post[i], a.parameters())))
                        .isEqualTo(Double.doubleToLongBits(expected));
                ChangeCategory c = ChangeStatistics.categorise(d * expected, a.critical(), cutoff, pre[i], post[i], direction);
                assertThat(a.category(i)).isEqualTo(c);
                counts.merge(c, 1, Integer::sum);
            }
            assertThat(a.summary()).isEqualTo(counts);
        });
    }

    /** The formulas of {@link RciMethod}'s javadoc, written out per pair (Jacobson &amp; Truax 1991; Claus et al. 2024). */
    private static double oracle(RciMethod m, double pre, double post, RciParameters p) {
        double r = p.reliability();
        double sd = p.sdPre();
        double mPre = p.meanPre();
        switch (m) {
            case JT:
                return (post - pre) / (Math.sqrt(2) * sd * Math.sqrt(1 - r));
            case GLN:
                return ((post - mPre) - r * (pre - mPre)) / (sd * Math.sqrt(1 - r * r));
            case HLL:
                return ((post - p.meanPost()) - r * (pre - mPre)) / (sd * Math.sqrt(1 - r * r));
            case EN:
                return (post - (r * (pre - mPre) + mPre)) / (sd * Math.sqrt(1 - r));
            case NK:
                return (post - (r * (pre - mPre) + mPre)) / Math.sqrt(r * r * sd * sd * (1 - r) + sd * sd * (1 - r));
            default: {
                double rdd = RciMethod.differenceReliability(p);
                double se = sd * Math.sqrt(1 - r);
                return ((post - pre) * rdd + (p.meanPost() - mPre) * (1 - rdd)) / (Math.sqrt(rdd) * Math.sqrt(2 * se * se));
            }
        }
    }
}
