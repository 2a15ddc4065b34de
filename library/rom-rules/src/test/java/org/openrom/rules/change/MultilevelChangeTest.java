package org.openrom.rules.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Direction;
import org.openrom.core.track.ScoreSeries;

/**
 * The HLM method: the fit is a maximum of the restricted likelihood (written out again here, by Cholesky
 * factors), it recovers the parameters a cohort was simulated with, and its categories follow the empirical Bayes
 * slopes.
 */
class MultilevelChangeTest {
    /** Simulates patients: intercept 15, slope −0.5 per occasion, G = [[4, −0.3], [−0.3, 0.09]], σ² = 2. */
    private static List<ScoreSeries> cohort(int patients, int occasions, long seed, double[] trueDeviation) {
        Random r = new Random(seed);
        List<ScoreSeries> out = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            // (b0, b1) with var 4 and 0.09 and covariance −0.3: b1 = −0.075·b0 + e, var(e) = 0.09 − 0.0225
            double b0 = 2 * r.nextGaussian();
            double b1 = -0.075 * b0 + Math.sqrt(0.09 - 0.0225) * r.nextGaussian();
            if (trueDeviation != null) {
                trueDeviation[i] = b1;
            }
            int n = 2 + r.nextInt(occasions - 1); // unbalanced: 2..occasions observations
            int[] t = new int[n];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                t[k] = k;
                y[k] = 15 + b0 + (-0.5 + b1) * k + Math.sqrt(2) * r.nextGaussian();
            }
            out.add(ScoreSeries.of("p" + i, "x", t, y));
        }
        return out;
    }

    /** The restricted log-likelihood (up to a constant) at G = (g00, g01, g11) and σ². */
    private static double reml(List<ScoreSeries> ps, double g00, double g01, double g11, double s2) {
        double logDetV = 0;
        double[][] xtvx = new double[2][2];
        double[] xtvy = new double[2];
        List<double[][]> vinvs = new ArrayList<>();
        for (ScoreSeries s : ps) {
            int n = s.size();
            double[][] v = new double[n][n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double ta = s.occasion(a);
                    double tb = s.occasion(b);
                    v[a][b] = g00 + g01 * (ta + tb) + g11 * ta * tb + (a == b ? s2 : 0);
                }
            }
            double[][] l = cholesky(v);
            for (int a = 0; a < n; a++) {
                logDetV += 2 * Math.log(l[a][a]);
            }
            double[][] vinv = cholInverse(l);
            vinvs.add(vinv);
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double[] xa = {1, s.occasion(a)};
                    double[] xb = {1, s.occasion(b)};
                    for (int p = 0; p < 2; p++) {
                        for (int q = 0; q < 2; q++) {
                            xtvx[p][q] += xa[p] * vinv[a][b] * xb[q];
                        }
                        xtvy[p] += xa[p] * vinv[a][b] * s.value(b);
                    }
                }
            }
        }
        double det = xtvx[0][0] * xtvx[1][1] - xtvx[0][1] * xtvx[1][0];
        double b0 = (xtvx[1][1] * xtvy[0] - xtvx[0][1] * xtvy[1]) / det;
        double b1 = (-xtvx[1][0] * xtvy[0] + xtvx[0][0] * xtvy[1]) / det;
        double quad = 0;
        for (int i = 0; i < ps.size(); i++) {
            ScoreSeries s = ps.get(i);
            double[][] vinv = vinvs.get(i);
            for (int a = 0; a < s.size(); a++) {
                for (int b = 0; b < s.size(); b++) {
                    quad += (s.value(a) - b0 - b1 * s.occasion(a)) * vinv[a][b] * (s.value(b) - b0 - b1 * s.occasion(b));
                }
            }
        }
        return -0.5 * (logDetV + Math.log(det) + quad);
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        return l;
    }

    private static double[][] cholInverse(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] e = new double[n];
            e[c] = 1;
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = e[i];
                for (int k = 0; k < i; k++) {
                    sum -= l[i][k] * y[k];
                }
                y[i] = sum / l[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double sum = y[i];
                for (int k = i + 1; k < n; k++) {
                    sum -= l[k][i] * inv[k][c];
                }
                inv[i][c] = sum / l[i][i];
            }
        }
        return inv;
    }

    @Test
    void theFitIsAMaximumOfTheRestrictedLikelihood() {
        List<ScoreSeries> ps = cohort(150, 8, 3, null);
        MultilevelChange.Result r = MultilevelChange.fit(ps, Direction.LOWER_IS_BETTER, MultilevelChange.PACKAGE_CRITICAL, 1);
        assertThat(r.converged()).isTrue();
        double[] th = {r.interceptVariance(), r.covariance(), r.slopeVariance(), r.residualVariance()};
        double best = reml(ps, th[0], th[1], th[2], th[3]);
        for (int k = 0; k < 4; k++) {
            for (double step : new double[] {-1e-3, 1e-3}) {
                double[] x = th.clone();
                x[k] += step * Math.max(Math.abs(th[k]), 0.01);
                assertThat(reml(ps, x[0], x[1], x[2], x[3])).as("parameter %d moved by %s", k, step)
                        .isLessThanOrEqualTo(best + 1e-9);
            }
        }
    }

    @Test
    void itRecoversTheSimulatedParametersAndFindsTheFastestImprovers() {
        double[] dev = new double[2000];
        List<ScoreSeries> ps = cohort(2000, 10, 5, dev);
        MultilevelChange.Result r = MultilevelChange.fit(ps, Direction.LOWER_IS_BETTER, MultilevelChange.PACKAGE_CRITICAL, 1);
        assertThat(r.intercept()).isCloseTo(15, within(0.2));
        assertThat(r.slope()).isCloseTo(-0.5, within(0.03));
        assertThat(r.interceptVariance()).isCloseTo(4, within(0.5));
        assertThat(r.covariance()).isCloseTo(-0.3, within(0.1));
        assertThat(r.slopeVariance()).isCloseTo(0.09, within(0.02));
        assertThat(r.residualVariance()).isCloseTo(2, within(0.15));
        // improved (lower is better) patients have clearly negative true slope deviations, and the reverse
        double improvedMean = 0;
        int improved = 0;
        for (int i = 0; i < ps.size(); i++) {
            MultilevelChange.Patient p = r.patients().get(i);
            assertThat(p.index()).isCloseTo(p.slopeDeviation() / p.sd(), within(1e-12));
            if (p.category() == ChangeCategory.IMPROVED) {
                improved++;
                improvedMean += dev[i];
            }
        }
        assertThat(improved).isPositive();
        assertThat(improvedMean / improved).isLessThan(-0.3);
        assertThat(r.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2000);
        assertThat(r.counts().get(ChangeCategory.IMPROVED)).isEqualTo(improved);
    }

    @Test
    void claus2020GivesThePackagesPublishedCounts() {
        // every HAM-D observation of claus_2020 (times 1..4); the package's vignette: 11 / 20 / 9 of 40 used
        java.util.Map<String, java.util.TreeMap<Integer, Double>> byPatient = new java.util.LinkedHashMap<>();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                ClausData.class.getResourceAsStream("claus_2020.csv"), java.nio.charset.StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null;) {
                String[] f = line.split(",", -1);
                byPatient.computeIfAbsent(f[0], k -> new java.util.TreeMap<>());
                if (!f[8].isEmpty()) {
                    byPatient.get(f[0]).put(Integer.parseInt(f[4]), Double.parseDouble(f[8]));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<ScoreSeries> ps = new ArrayList<>();
        byPatient.forEach((id, m) -> ps.add(ScoreSeries.of(id, "hamd", m.keySet().stream().mapToInt(Integer::intValue)
                .toArray(), m.values().stream().mapToDouble(Double::doubleValue).toArray())));
        MultilevelChange.Result r = MultilevelChange.fit(ps, Direction.LOWER_IS_BETTER, MultilevelChange.PACKAGE_CRITICAL);
        assertThat(r.patients()).hasSize(40);
        assertThat(r.counts().get(ChangeCategory.IMPROVED)).isEqualTo(11);
        assertThat(r.counts().get(ChangeCategory.UNCHANGED)).isEqualTo(20);
        assertThat(r.counts().get(ChangeCategory.DETERIORATED)).isEqualTo(9);
        assertThat(r.converged()).isTrue();
        // lme4's REML optimum, lmer(hamd ~ time + (time | id)): slope variance 3.377, covariance -0.361. A single start
        // used to stop at the boundary (intercept variance 0, covariance 0, slope variance 3.140), 0.076 worse
        assertThat(r.slopeVariance()).isCloseTo(3.377, within(0.002));
        assertThat(r.covariance()).isCloseTo(-0.361, within(0.002));
        // −2 × the REML log-likelihood, written out observation by observation over the patients in the fit
        List<ScoreSeries> used = ps.stream().filter(x -> x.size() >= MultilevelChange.PACKAGE_MIN_OBSERVATIONS).toList();
        int n = used.stream().mapToInt(ScoreSeries::size).sum();
        assertThat(r.remlCriterion()).isCloseTo(-2 * reml(used, r.interceptVariance(), r.covariance(), r.slopeVariance(),
                r.residualVariance()) + (n - 2) * Math.log(2 * Math.PI), within(1e-6));
    }

    /**
     * The best restricted log-likelihood an independent search finds: compass search over the Cholesky factor of G and
     * log σ² (so that every point is a valid model), from the given starts, halving its step down to 1e-7.
     */
    private static double searched(List<ScoreSeries> ps, double[][] starts) {
        double best = Double.NEGATIVE_INFINITY;
        for (double[] start : starts) {
            double[] x = start.clone();
            double fx = remlAt(ps, x);
            for (double step = 0.5; step > 1e-7;) {
                boolean moved = false;
                for (int k = 0; k < 4; k++) {
                    for (double dir : new double[] {step, -step}) {
                        double[] y = x.clone();
                        y[k] += dir;
                        double fy = remlAt(ps, y);
                        if (fy > fx + 1e-13) {
                            x = y;
                            fx = fy;
                            moved = true;
                        }
                    }
                }
                if (!moved) {
                    step /= 2;
                }
            }
            best = Math.max(best, fx);
        }
        return best;
    }

    /** reml at G = L L' with L = [[x0, 0], [x1, x2]] and σ² = exp(x3). */
    private static double remlAt(List<ScoreSeries> ps, double[] x) {
        return reml(ps, x[0] * x[0], x[0] * x[1], x[1] * x[1] + x[2] * x[2], Math.exp(x[3]));
    }

    @Test
    void noStartOfAnIndependentSearchFindsABetterFitOnGeneratedDataIncludingTheBoundary() {
        for (long seed = 1; seed <= 12; seed++) {
            Random rnd = new Random(seed);
            // small, unbalanced sets; every third one without intercept variance (the boundary), the covariance of
            // either sign
            double sd0 = seed % 3 == 0 ? 0 : 1 + rnd.nextDouble() * 2;
            double rho = rnd.nextDouble() * 1.6 - 0.8;
            List<ScoreSeries> ps = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                double z0 = rnd.nextGaussian();
                double b0 = sd0 * z0;
                double b1 = 0.8 * (rho * z0 + Math.sqrt(1 - rho * rho) * rnd.nextGaussian());
                int n = 3 + rnd.nextInt(3);
                int[] t = new int[n];
                double[] y = new double[n];
                for (int k = 0; k < n; k++) {
                    t[k] = k + 1;
                    y[k] = 20 + b0 + (-1 + b1) * t[k] + 3 * rnd.nextGaussian();
                }
                ps.add(ScoreSeries.of("p" + i, "x", t, y));
            }
            MultilevelChange.Result r = MultilevelChange.fit(ps, Direction.LOWER_IS_BETTER, 1.96);
            double ours = reml(ps, r.interceptVariance(), r.covariance(), r.slopeVariance(), r.residualVariance());
            double theirs = searched(ps, new double[][] {{1, 0, 0.5, Math.log(9)}, {2, -0.5, 0.3, Math.log(9)},
                {2, 0.5, 0.3, Math.log(9)}, {0.05, 0.5, 0.5, Math.log(9)}, {0.05, -0.5, 0.5, Math.log(9)}});
            assertThat(ours).as("seed %d", seed).isGreaterThanOrEqualTo(theirs - 1e-6);
        }
    }

    @Test
    void tooLittleDataIsAClearError() {
        assertThatThrownBy(() -> MultilevelChange.fit(List.of(ScoreSeries.consecutive("a", "x", 1, 2)),
                Direction.LOWER_IS_BETTER, 1.96)).hasMessageContaining("at least 2 patients, 4 observations");
    }
}
