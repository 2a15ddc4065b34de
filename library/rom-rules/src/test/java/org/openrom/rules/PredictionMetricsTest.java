package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.track.Finding;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.research.LogisticModel;
import org.openrom.rules.research.PredictionMetrics;
import org.openrom.rules.research.SessionPrediction;
import org.quicktheories.generators.SourceDSL;

/** Prediction at a session: the logistic fit, the metrics and the rules' flags, each against a computation apart. */
class PredictionMetricsTest {
    private static double expit(double eta) {
        return 1 / (1 + Math.exp(-eta));
    }

    @Test
    void theLogisticFitSolvesTheScoreEquations() {
        qt().withExamples(60).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 40 + r.nextInt(200);
            double[][] x = new double[n][2];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                x[i][0] = r.nextGaussian() * 5 + 10;
                x[i][1] = r.nextGaussian() * 3;
                y[i] = r.nextDouble() < expit(-2 + 0.15 * x[i][0] - 0.3 * x[i][1] + r.nextGaussian());
            }
            int events = 0;
            for (boolean b : y) {
                events += b ? 1 : 0;
            }
            if (events < 3 || events > n - 3) {
                return;
            }
            LogisticModel m = LogisticModel.fit(x, y, null);
            double[] b = m.coefficients();
            // at the maximum likelihood the score is zero: Σ (y − p) and Σ (y − p)·x vanish
            double[] score = new double[3];
            for (int i = 0; i < n; i++) {
                double resid = (y[i] ? 1 : 0) - expit(b[0] + b[1] * x[i][0] + b[2] * x[i][1]);
                score[0] += resid;
                score[1] += resid * x[i][0];
                score[2] += resid * x[i][1];
            }
            assertThat(m.converged()).isTrue();
            for (double sc : score) {
                assertThat(sc).isCloseTo(0, within(1e-7 * n));
            }
            assertThat(m.probability(x[0])).isCloseTo(expit(b[0] + b[1] * x[0][0] + b[2] * x[0][1]), within(1e-15));
        });
    }

    @Test
    void everyMetricEqualsItsFormula() {
        qt().withExamples(100).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 20 + r.nextInt(150);
            double[] p = new double[n];
            boolean[] y = new boolean[n];
            int events = 0;
            for (int i = 0; i < n; i++) {
                p[i] = Math.round(r.nextDouble() * 20) / 20.0; // coarse: ties are common
                y[i] = r.nextDouble() < p[i];
                events += y[i] ? 1 : 0;
            }
            if (events == 0 || events == n) {
                return;
            }
            PredictionMetrics m = PredictionMetrics.of(p, y);
            double brier = 0;
            double pairs = 0;
            double right = 0;
            int tp = 0;
            int tn = 0;
            for (int i = 0; i < n; i++) {
                brier += (p[i] - (y[i] ? 1 : 0)) * (p[i] - (y[i] ? 1 : 0));
                tp += y[i] && p[i] >= 0.5 ? 1 : 0;
                tn += !y[i] && p[i] < 0.5 ? 1 : 0;
                for (int j = 0; j < n; j++) {
                    if (y[i] && !y[j]) {
                        pairs++;
                        right += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                    }
                }
            }
            assertThat(m.brier()).isCloseTo(brier / n, within(1e-12));
            assertThat(m.auc()).isCloseTo(right / pairs, within(1e-12));
            assertThat(m.aucLow()).isLessThanOrEqualTo(m.auc());
            assertThat(m.aucHigh()).isGreaterThanOrEqualTo(m.auc());
            assertThat(m.balancedAccuracy()).isCloseTo(((double) tp / events + (double) tn / (n - events)) / 2, within(1e-12));
            for (PredictionMetrics.NetBenefit nb : m.netBenefit()) {
                double t = nb.threshold();
                int a = 0;
                int b = 0;
                for (int i = 0; i < n; i++) {
                    if (p[i] >= t) {
                        a += y[i] ? 1 : 0;
                        b += y[i] ? 0 : 1;
                    }
                }
                assertThat(nb.model()).isCloseTo((double) a / n - (double) b / n * t / (1 - t), within(1e-12));
                assertThat(nb.treatAll()).isCloseTo((double) events / n - (1 - (double) events / n) * t / (1 - t),
                        within(1e-12));
            }
            // calibration-in-the-large: with the intercept the offset model's score vanishes
            double s = 0;
            for (int i = 0; i < n; i++) {
                double q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]));
                s += (y[i] ? 1 : 0) - expit(m.calibrationIntercept() + Math.log(q / (1 - q)));
            }
            assertThat(s).isCloseTo(0, within(1e-6 * n));
        });
    }

    @Test
    void wellCalibratedProbabilitiesHaveInterceptNearZeroAndSlopeNearOne() {
        Random r = new Random(7);
        int n = 20_000;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = expit(r.nextGaussian() * 1.5);
            y[i] = r.nextDouble() < p[i];
        }
        PredictionMetrics m = PredictionMetrics.of(p, y);
        assertThat(m.calibrationIntercept()).isCloseTo(0, within(0.06));
        assertThat(m.calibrationSlope()).isCloseTo(1, within(0.06));
        assertThatThrownBy(() -> PredictionMetrics.of(new double[] {0.2, 1.2}, new boolean[] {true, false}))
                .isInstanceOf(ValidationException.class).hasMessageContaining("p[1]");
        assertThatThrownBy(() -> LogisticModel.fit(new double[][] {{1}, {2}}, new boolean[] {true, true}, null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("both outcomes");
    }

    private static final RuleRef REF = RuleRef.of("test", "1", Map.of());
    private static final Finding WHY = new Finding("test", "a test finding", new java.util.TreeMap<>());

    @Test
    void atASessionEachRuleCountsItsFlagsUpToThatSessionAndOnlyPatientsWithAnOutcomeAfterItCount() {
        SessionPrediction sp = new SessionPrediction(2, 1, 5, 1);
        Random r = new Random(3);
        int counted = 0;
        int tp = 0;
        int fp = 0;
        int events = 0;
        for (int i = 0; i < 300; i++) {
            int last = 1 + r.nextInt(6);
            int first = r.nextInt(4) == 0 ? 1 : 0; // some start late
            List<Integer> occ = new ArrayList<>();
            List<Double> val = new ArrayList<>();
            List<TrackAssessment> as = new ArrayList<>();
            boolean flaggedByTwo = false;
            for (int o = first; o <= last; o++) {
                occ.add(o);
                val.add(10.0 + r.nextInt(8));
                boolean not = r.nextInt(4) == 0;
                as.add(TrackAssessment.of(o, not ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK, REF, Map.of(), WHY));
                flaggedByTwo |= not && o <= 2;
            }
            boolean poor = r.nextBoolean();
            ScoreSeries s = ScoreSeries.of("p" + i, "x", occ.stream().mapToInt(Integer::intValue).toArray(),
                    val.stream().mapToDouble(Double::doubleValue).toArray());
            boolean counts = first < 2 && last > 2;
            assertThat(sp.add(poor, last, s, List.of(as))).isEqualTo(counts);
            if (counts) {
                counted++;
                events += poor ? 1 : 0;
                tp += poor && flaggedByTwo ? 1 : 0;
                fp += !poor && flaggedByTwo ? 1 : 0;
            }
        }
        SessionPrediction.Result res = sp.result();
        assertThat(res.patients()).isEqualTo(counted);
        assertThat(res.leftOut()).isEqualTo(300 - counted);
        assertThat(res.rules().get(0).tp()).isEqualTo(tp);
        assertThat(res.rules().get(0).fp()).isEqualTo(fp);
        assertThat(res.rules().get(0).fn()).isEqualTo(events - tp);
        assertThat(res.logistic()).isNotNull();
        assertThat(res.logistic().n()).isEqualTo(counted);
        assertThatThrownBy(() -> new SessionPrediction(0, 1, 5, 1)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("session");
    }
}
