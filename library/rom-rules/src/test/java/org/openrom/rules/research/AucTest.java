package org.openrom.rules.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** DeLong's paired test against its definition computed pair by pair (DeLong, DeLong and Clarke-Pearson 1988). */
class AucTest {
    private static double psi(double pos, double neg) {
        return pos > neg ? 1 : pos == neg ? 0.5 : 0;
    }

    @Test
    void thePairedTestEqualsItsDefinitionComputedPairByPair() {
        qt().withExamples(150).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 10 + r.nextInt(80);
            double[] a = new double[n];
            double[] b = new double[n];
            boolean[] y = new boolean[n];
            int n1 = 0;
            for (int i = 0; i < n; i++) {
                y[i] = r.nextBoolean();
                n1 += y[i] ? 1 : 0;
                a[i] = r.nextInt(6) + (y[i] ? r.nextInt(3) : 0); // coarse scores: ties are common
                b[i] = r.nextInt(2); // a binary score, as a rule's flags
            }
            int n0 = n - n1;
            if (n1 < 2 || n0 < 2) {
                return;
            }
            double[][] v10 = new double[2][n1];
            double[][] v01 = new double[2][n0];
            double[][] s = {a, b};
            for (int t = 0; t < 2; t++) {
                int i1 = 0;
                for (int i = 0; i < n; i++) {
                    if (!y[i]) {
                        continue;
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += y[j] ? 0 : psi(s[t][i], s[t][j]);
                    }
                    v10[t][i1++] = sum / n0;
                }
                int i0 = 0;
                for (int j = 0; j < n; j++) {
                    if (y[j]) {
                        continue;
                    }
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += y[i] ? psi(s[t][i], s[t][j]) : 0;
                    }
                    v01[t][i0++] = sum / n1;
                }
            }
            double areaA = mean(v10[0]);
            double areaB = mean(v10[1]);
            double var = (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / n1
                    + (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / n0;
            double[] got = Auc.pairedDeLong(a, b, y);
            assertThat(got[0]).isCloseTo(areaA, within(1e-12));
            assertThat(got[1]).isCloseTo(areaB, within(1e-12));
            if (var > 1e-12) {
                double z = (areaA - areaB) / Math.sqrt(var);
                assertThat(got[2]).isCloseTo(z, within(1e-9));
                // two-sided normal p through the error function's series, apart from the chi-square tail used
                assertThat(got[3]).isCloseTo(2 * (1 - org.openrom.rules.IndependentStats.phi(Math.abs(z))), within(1e-9));
            }
            assertThat(Auc.withDeLongVariance(positives(a, y, true), positives(a, y, false))[0]).isCloseTo(areaA,
                    within(1e-12));
        });
    }

    private static double[] positives(double[] s, boolean[] y, boolean which) {
        return java.util.stream.IntStream.range(0, s.length).filter(i -> y[i] == which).mapToDouble(i -> s[i]).toArray();
    }

    private static double mean(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        return m / v.length;
    }

    private static double cov(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
    }
}
