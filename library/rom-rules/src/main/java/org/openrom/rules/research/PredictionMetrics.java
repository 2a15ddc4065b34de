package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openrom.core.ValidationException;

/**
 * How well predicted probabilities of a poor outcome predict it (Steyerberg 2019, <i>Clinical Prediction Models</i>):
 * <ul>
 * <li>the AUROC (Mann–Whitney, ties one half) with DeLong's 95% interval;</li>
 * <li>the Brier score, the mean of {@code (p − y)²};</li>
 * <li>the calibration intercept (calibration-in-the-large: a logistic model of y with {@code logit p} as offset, so 0
 *     is ideal) and the calibration slope (the coefficient of {@code logit p} in a logistic model of y; 1 is ideal),
 *     with p kept within [1e-12, 1 − 1e-12];</li>
 * <li>the balanced accuracy at a threshold of ½, the mean of sensitivity and specificity;</li>
 * <li>the net benefit at each threshold probability t (Vickers &amp; Elkin 2006), {@code TP/n − FP/n · t/(1 − t)}
 *     with the patients at or above t treated, beside that of treating everyone.</li>
 * </ul>
 *
 * @param n the patients
 * @param events those with a poor outcome
 * @param auc the AUROC
 * @param aucLow DeLong's lower 95% bound
 * @param aucHigh DeLong's upper 95% bound
 * @param brier the Brier score
 * @param calibrationIntercept calibration-in-the-large
 * @param calibrationSlope the calibration slope
 * @param balancedAccuracy at a threshold of ½
 * @param netBenefit per threshold
 */
public record PredictionMetrics(int n, int events, double auc, double aucLow, double aucHigh, double brier,
        double calibrationIntercept, double calibrationSlope, double balancedAccuracy, List<NetBenefit> netBenefit) {

    /** The thresholds of the net-benefit table: 0.1 to 0.5 in steps of 0.1. */
    public static final double[] THRESHOLDS = {0.1, 0.2, 0.3, 0.4, 0.5};

    /**
     * @param threshold the threshold probability t
     * @param model the net benefit of treating the patients at or above t
     * @param treatAll that of treating everyone
     */
    public record NetBenefit(double threshold, double model, double treatAll) {
    }

    /** Copies. */
    public PredictionMetrics {
        netBenefit = List.copyOf(Objects.requireNonNull(netBenefit, "netBenefit"));
    }

    /**
     * @param p the predicted probabilities, each in [0, 1]
     * @param y the outcomes (true: poor)
     * @return the metrics
     * @throws ValidationException when the lengths differ, a probability is outside [0, 1], or one outcome is missing
     */
    public static PredictionMetrics of(double[] p, boolean[] y) {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(y, "y");
        if (p.length != y.length) {
            throw new ValidationException("prediction metrics", "p", p.length + " probabilities", y.length + ", one per outcome");
        }
        int n = y.length;
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        double brier = 0;
        double[][] logit = new double[n][1];
        double[] offset = new double[n];
        int tp = 0;
        int tn = 0;
        for (int i = 0; i < n; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new ValidationException("prediction metrics", "p[" + i + "]", String.valueOf(p[i]), "a probability");
            }
            (y[i] ? pos : neg).add(p[i]);
            brier += Math.pow(p[i] - (y[i] ? 1 : 0), 2);
            double q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]));
            logit[i][0] = Math.log(q / (1 - q));
            offset[i] = logit[i][0];
            tp += y[i] && p[i] >= 0.5 ? 1 : 0;
            tn += !y[i] && p[i] < 0.5 ? 1 : 0;
        }
        if (pos.isEmpty() || neg.isEmpty()) {
            throw new ValidationException("prediction metrics", "y", pos.size() + " poor of " + n, "both outcomes present");
        }
        double[] auc = Auc.withDeLongVariance(pos.stream().mapToDouble(Double::doubleValue).toArray(),
                neg.stream().mapToDouble(Double::doubleValue).toArray());
        double se = Math.sqrt(auc[1]);
        double z = 1.959963984540054;
        double intercept = LogisticModel.fit(new double[n][0], y, offset).coefficients()[0];
        double slope = LogisticModel.fit(logit, y, null).coefficients()[1];
        List<NetBenefit> nb = new ArrayList<>();
        double prevalence = (double) pos.size() / n;
        for (double t : THRESHOLDS) {
            int tpT = 0;
            int fpT = 0;
            for (int i = 0; i < n; i++) {
                if (p[i] >= t) {
                    tpT += y[i] ? 1 : 0;
                    fpT += y[i] ? 0 : 1;
                }
            }
            double odds = t / (1 - t);
            nb.add(new NetBenefit(t, (double) tpT / n - (double) fpT / n * odds, prevalence - (1 - prevalence) * odds));
        }
        return new PredictionMetrics(n, pos.size(), auc[0], Math.max(0, auc[0] - z * se), Math.min(1, auc[0] + z * se),
                brier / n, intercept, slope, ((double) tp / pos.size() + (double) tn / neg.size()) / 2, nb);
    }

}
