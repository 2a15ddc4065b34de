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
            double reliability = 0.5 + r.nextInt(45) / 100.0;
            ChangeStatistics.Options options = ChangeStatistics.options(method, reliability, direction);
            Cutoffs.Tie tie = Cutoffs.Tie.values()[r.nextInt(Cutoffs.Tie.values().length)];
            options.tie(tie);
            double rPost = reliability;
            if (method == RciMethod.NK && r.nextBoolean()) {
                rPost = 0.5 + r.nextInt(45) / 100.0;
                options.reliabilityPost(rPost);
            }
            if (r.nextBoolean()) {
                options.criticalValues(RciMethod.CriticalValues.CLINICALSIGNIFICANCE_1);
            }
            if (r.nextBoolean()) {
                options.cutoff(Cutoffs.Kind.A, Cutoffs.Variant.JT, 8, 8);
                if (r.nextBoolean()) {
                    options.clinicalNorms(30, 5); // a = 20 or 40: integer scores land on the cut-off
                }
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
                double expected = oracle(method, pre[i], post[i], a.parameters(), rPost);
                assertThat(Double.doubleToLongBits(a.index(i))).isEqualTo(Double.doubleToLongBits(expected));
                assertThat(Double.doubleToLongBits(method.index(pre[i], post[i], a.parameters())))
                        .isEqualTo(Double.doubleToLongBits(expected));
                ChangeCategory c = method == RciMethod.HA && cutoff.isPresent()
                        ? hageman(d * expected, a, cutoff.getAsDouble(), pre[i], post[i], d, tie, reliability)
                        : category(d * expected, a.critical(), cutoff, pre[i], post[i], d, tie);
                assertThat(a.category(i)).isEqualTo(c);
                counts.merge(c, 1, Integer::sum);
            }
            assertThat(a.summary()).isEqualTo(counts);
            assertThat(a.critical()).isEqualTo(method.critical(a.criticalValues()));
        });
    }

    /**
     * The categories from their definitions: {@code h·(x − cutoff)} is a score's distance toward health; a crossing
     * toward health starts on the clinical side and ends on the functional side, the tie rule saying which side a
     * distance of 0 is on.
     */
    private static ChangeCategory category(double di, double critical, OptionalDouble cutoff, double pre, double post,
            double h, Cutoffs.Tie tie) {
        boolean improved = di > critical;
        boolean deteriorated = di < -critical;
        if (cutoff.isPresent()) {
            double a = h * (pre - cutoff.getAsDouble());
            double b = h * (post - cutoff.getAsDouble());
            boolean recoveryCrossing;
            boolean harmCrossing;
            if (tie == Cutoffs.Tie.NEITHER) {
                recoveryCrossing = a < 0 && b > 0;
                harmCrossing = a > 0 && b < 0;
            } else if (tie == Cutoffs.Tie.PACKAGE) { // clinical_pre = a < 0, functional_post = b > 0; harmed = !both
                recoveryCrossing = a < 0 && b > 0;
                harmCrossing = !(a < 0) && !(b > 0);
            } else { // at the cut-off is clinical
                recoveryCrossing = a <= 0 && b > 0;
                harmCrossing = a > 0 && b <= 0;
            }
            if (improved && recoveryCrossing) {
                return ChangeCategory.RECOVERED;
            }
            if (deteriorated && harmCrossing) {
                return ChangeCategory.HARMED;
            }
        }
        return improved ? ChangeCategory.IMPROVED : deteriorated ? ChangeCategory.DETERIORATED : ChangeCategory.UNCHANGED;
    }

    /** Hageman &amp; Arrindell 1999's individual criterion, from the sample statistics of the analysis. */
    private static ChangeCategory hageman(double di, ChangeAnalysis an, double cutoff, double pre, double post, double h,
            Cutoffs.Tie tie, double r) {
        double se = an.parameters().sdPre() * Math.sqrt(1 - r);
        double rPost = 1 - se * se / (an.sdPost() * an.sdPost());
        double cs = (an.meanPost() + rPost * (post - an.meanPost()) - cutoff) / (se * Math.sqrt(rPost));
        boolean clinicalPre = tie == Cutoffs.Tie.CLINICAL ? h * (pre - cutoff) <= 0 : h * (pre - cutoff) < 0;
        boolean improved = di > an.critical();
        if (improved && clinicalPre && h * cs > an.critical()) {
            return ChangeCategory.RECOVERED;
        }
        return improved ? ChangeCategory.IMPROVED : di < -an.critical() ? ChangeCategory.DETERIORATED
                : ChangeCategory.UNCHANGED;
    }

    /** The formulas of {@link RciMethod}'s javadoc, written out per pair (Jacobson &amp; Truax 1991; Claus et al. 2024). */
    private static double oracle(RciMethod m, double pre, double post, RciParameters p, double rPost) {
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
                return (post - (r * (pre - mPre) + mPre)) / Math.sqrt(r * r * sd * sd * (1 - r) + sd * sd * (1 - rPost));
            default: {
                double rdd = RciMethod.differenceReliability(p);
                double se = sd * Math.sqrt(1 - r);
                return ((post - pre) * rdd + (p.meanPost() - mPre) * (1 - rdd)) / (Math.sqrt(rdd) * Math.sqrt(2 * se * se));
            }
        }
    }
}
