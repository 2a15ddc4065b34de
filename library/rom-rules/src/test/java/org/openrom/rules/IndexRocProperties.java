package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.track.Finding;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.research.IndexRoc;
import org.quicktheories.generators.SourceDSL;

/** The ROC of a continuous index: its area is the Mann–Whitney probability, counted pair by pair here. */
class IndexRocProperties {
    private static final RuleRef REF = RuleRef.of("test", "1", Map.of());
    private static final Finding WHY = new Finding("test", "a test finding", new java.util.TreeMap<>());

    private static TrackAssessment at(int occasion, double index) {
        return TrackAssessment.of(occasion, TrackStatus.ON_TRACK, REF, Map.of("rci", index), WHY);
    }

    @Test
    void theAreaIsTheShareOfPoorGoodPairsOrderedRightWithTiesHalf() {
        qt().withExamples(200).forAll(SourceDSL.longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 2 + r.nextInt(60);
            IndexRoc roc = new IndexRoc("test:1", "rci", true);
            IndexRoc flipped = new IndexRoc("test:1", "rci", false);
            List<double[]> patients = new ArrayList<>(); // {score, poor}
            int left = 0;
            for (int p = 0; p < n; p++) {
                boolean poor = r.nextBoolean();
                int last = 1 + r.nextInt(6);
                List<TrackAssessment> as = new ArrayList<>();
                double max = Double.NaN;
                for (int o = 0; o <= last; o++) {
                    if (r.nextInt(4) == 0) {
                        continue; // an occasion without a value
                    }
                    double v = r.nextInt(9) - 4 + (poor ? r.nextInt(3) : 0); // coarse: ties are common
                    as.add(at(o, v));
                    if (o < last) {
                        max = Double.isNaN(max) ? v : Math.max(max, v);
                    }
                }
                roc.add(poor, last, as);
                flipped.add(poor, last, as);
                if (Double.isNaN(max)) {
                    left++;
                } else {
                    patients.add(new double[] {max, poor ? 1 : 0});
                }
            }
            double pairs = 0;
            double right = 0;
            for (double[] a : patients) {
                for (double[] b : patients) {
                    if (a[1] == 1 && b[1] == 0) {
                        pairs++;
                        right += a[0] > b[0] ? 1 : a[0] == b[0] ? 0.5 : 0;
                    }
                }
            }
            IndexRoc.Result res = roc.result();
            assertThat(res.leftOut()).isEqualTo(left);
            assertThat(res.patients()).isEqualTo(patients.size());
            if (pairs == 0) {
                assertThat(res.auc()).isNaN();
                return;
            }
            assertThat(res.auc()).isCloseTo(right / pairs, within(1e-12));
            // DeLong's variance, pair by pair: each poor outcome's share of good ones it outscores, each good outcome's
            // share of poor ones that outscore it, their sample variances over n1 and n0
            List<Double> v10 = new ArrayList<>();
            List<Double> v01 = new ArrayList<>();
            for (double[] a : patients) {
                double sum = 0;
                int k = 0;
                for (double[] b : patients) {
                    if (a[1] != b[1]) {
                        double[] hi = a[1] == 1 ? a : b;
                        double[] lo = a[1] == 1 ? b : a;
                        sum += hi[0] > lo[0] ? 1 : hi[0] == lo[0] ? 0.5 : 0;
                        k++;
                    }
                }
                (a[1] == 1 ? v10 : v01).add(sum / k);
            }
            double var = sampleVariance(v10) / v10.size() + sampleVariance(v01) / v01.size();
            double z = 1.959963984540054;
            assertThat(res.delongLow()).isCloseTo(Math.max(0, res.auc() - z * Math.sqrt(var)), within(1e-12));
            assertThat(res.delongHigh()).isCloseTo(Math.min(1, res.auc() + z * Math.sqrt(var)), within(1e-12));
            assertThat(res.low()).isLessThanOrEqualTo(res.auc());
            assertThat(res.high()).isGreaterThanOrEqualTo(res.auc()).isLessThanOrEqualTo(1);
            // the curve runs from (0, 0) to (1, 1) and never turns back
            List<IndexRoc.Point> pts = res.points();
            assertThat(pts.get(0).fpr()).isZero();
            assertThat(pts.get(pts.size() - 1).fpr()).isEqualTo(1.0);
            assertThat(pts.get(pts.size() - 1).tpr()).isEqualTo(1.0);
            for (int i = 1; i < pts.size(); i++) {
                assertThat(pts.get(i).fpr()).isGreaterThanOrEqualTo(pts.get(i - 1).fpr());
                assertThat(pts.get(i).tpr()).isGreaterThanOrEqualTo(pts.get(i - 1).tpr());
            }
            // reading the index the other way round: the minimum, whose AUC is a different statistic but a valid one
            IndexRoc.Result f = flipped.result();
            assertThat(f.auc()).isBetween(0.0, 1.0);
        });
    }

    @Test
    void aPerfectIndexHasAreaOneAndValuesAtOrAfterTheLastObservationAreNotRead() {
        IndexRoc roc = new IndexRoc("test:1", "rci", true);
        roc.add(true, 3, List.of(at(1, 5), at(3, -9)));
        roc.add(true, 3, List.of(at(2, 4)));
        roc.add(false, 3, List.of(at(1, 1), at(3, 99))); // the 99 at the last observation is not read
        roc.add(false, 2, List.of(at(2, 7))); // only a value at the last observation: left out
        IndexRoc.Result r = roc.result();
        assertThat(r.auc()).isEqualTo(1.0);
        assertThat(r.leftOut()).isEqualTo(1);
        assertThat(r.points()).extracting(IndexRoc.Point::threshold).startsWith(Double.POSITIVE_INFINITY, 5.0, 4.0, 1.0);
    }

    private static double sampleVariance(List<Double> v) {
        if (v.size() < 2) {
            return 0;
        }
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (v.size() - 1);
    }
}
