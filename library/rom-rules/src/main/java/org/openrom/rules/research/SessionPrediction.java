package org.openrom.rules.research;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.openrom.core.ValidationException;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;

/**
 * Early warning judged at a fixed session K, as the literature compares early-warning methods: what each rule says by
 * session K (Not On Track at any assessment up to K), and a baseline to beat, a logistic model of the poor outcome on
 * the outcome scale's score at the first observation and at the latest observation up to K. The logistic model is
 * cross-fitted: the patients are split into {@code folds} folds (a seeded shuffle), and each patient's probability comes
 * from the model fitted on the other folds, so no patient is predicted by a model fitted on them. Only patients observed
 * at baseline and after K count (their outcome is not yet known at K). Not thread-safe.
 */
public final class SessionPrediction {
    private final int session;
    private final int rules;
    private final int folds;
    private final long seed;
    private final List<double[]> scores = new ArrayList<>();
    private final List<Boolean> poor = new ArrayList<>();
    private final List<boolean[]> flags = new ArrayList<>();
    private int leftOut;

    /**
     * @param session K, the session at which the rules and the model are judged (&ge; 1)
     * @param rules the number of rules
     * @param folds the folds of the cross-fitting (2 to 20)
     * @param seed the seed of the shuffle into folds
     */
    public SessionPrediction(int session, int rules, int folds, long seed) {
        if (session < 1) {
            throw new ValidationException("session prediction", "session", String.valueOf(session), "a session >= 1");
        }
        if (folds < 2 || folds > 20) {
            throw new ValidationException("session prediction", "folds", String.valueOf(folds), "2 to 20");
        }
        this.session = session;
        this.rules = rules;
        this.folds = folds;
        this.seed = seed;
    }

    /**
     * @param poorOutcome the patient's outcome
     * @param lastOccasion the patient's last observation
     * @param series the patient's series on the outcome's scale
     * @param assessments per rule, the patient's assessments
     * @return whether the patient counts (observed at baseline and up to K, with the last observation after K)
     */
    public boolean add(boolean poorOutcome, int lastOccasion, ScoreSeries series, List<List<TrackAssessment>> assessments) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(assessments, "assessments");
        if (assessments.size() != rules) {
            throw new IllegalArgumentException("expected assessments of " + rules + " rules, got " + assessments.size());
        }
        double latest = Double.NaN;
        for (int k = 0; k < series.size() && series.occasion(k) <= session; k++) {
            latest = series.value(k);
        }
        if (series.size() == 0 || series.occasion(0) >= session || Double.isNaN(latest) || lastOccasion <= session) {
            leftOut++;
            return false;
        }
        boolean[] f = new boolean[rules];
        for (int r = 0; r < rules; r++) {
            for (TrackAssessment a : assessments.get(r)) {
                f[r] |= a.occasion() <= session && a.isNotOnTrack();
            }
        }
        scores.add(new double[] {series.value(0), latest});
        poor.add(poorOutcome);
        flags.add(f);
        return true;
    }

    /**
     * One rule's flags by session K.
     *
     * @param tp poor outcomes flagged
     * @param fp good outcomes flagged
     * @param tn good outcomes not flagged
     * @param fn poor outcomes not flagged
     * @param balancedAccuracy the mean of sensitivity and specificity
     * @param netBenefit per threshold of {@link PredictionMetrics#THRESHOLDS}: {@code TP/n − FP/n · t/(1 − t)}
     * @param versusLogistic DeLong's paired test of the rule's flags (as a score of 0 or 1, whose AUROC is the
     *     balanced accuracy) against the logistic baseline's probabilities on the same patients: {AUROC of the flags,
     *     AUROC of the baseline, z, p}; empty without a baseline
     */
    public record RuleAtSession(int tp, int fp, int tn, int fn, double balancedAccuracy, List<Double> netBenefit,
            List<Double> versusLogistic) {
        /** Copies. */
        public RuleAtSession {
            netBenefit = List.copyOf(Objects.requireNonNull(netBenefit, "netBenefit"));
            versusLogistic = List.copyOf(Objects.requireNonNull(versusLogistic, "versusLogistic"));
        }
    }

    /**
     * @param session K
     * @param patients the patients counted
     * @param leftOut those not observed at baseline and up to K, or without an observation after K
     * @param rules per rule, its flags by K
     * @param logistic the cross-fitted logistic baseline, or null when it cannot be fitted (one outcome only)
     * @param folds the folds of the cross-fitting
     * @param seed its seed
     */
    public record Result(int session, int patients, int leftOut, List<RuleAtSession> rules, PredictionMetrics logistic,
            int folds, long seed) {
    }

    /** @return the rules' flags and the logistic baseline at session K */
    public Result result() {
        int n = poor.size();
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = poor.get(i);
        }
        double[] probabilities = probabilities();
        int events = (int) poor.stream().filter(b -> b).count();
        List<RuleAtSession> out = new ArrayList<>();
        for (int r = 0; r < rules; r++) {
            int tp = 0;
            int fp = 0;
            for (int i = 0; i < n; i++) {
                if (flags.get(i)[r]) {
                    tp += poor.get(i) ? 1 : 0;
                    fp += poor.get(i) ? 0 : 1;
                }
            }
            int fn = events - tp;
            int tn = n - events - fp;
            List<Double> nb = new ArrayList<>();
            for (double t : PredictionMetrics.THRESHOLDS) {
                nb.add(n == 0 ? Double.NaN : (double) tp / n - (double) fp / n * t / (1 - t));
            }
            double ba = events == 0 || events == n ? Double.NaN : ((double) tp / events + (double) tn / (n - events)) / 2;
            List<Double> versus = List.of();
            if (probabilities != null) {
                double[] flagScore = new double[n];
                for (int i = 0; i < n; i++) {
                    flagScore[i] = flags.get(i)[r] ? 1 : 0;
                }
                double[] d = Auc.pairedDeLong(flagScore, probabilities, y);
                versus = java.util.Arrays.stream(d).boxed().toList();
            }
            out.add(new RuleAtSession(tp, fp, tn, fn, ba, nb, versus));
        }
        return new Result(session, n, leftOut, out, probabilities == null ? null : PredictionMetrics.of(probabilities, y),
                folds, seed);
    }

    /** The cross-fitted probabilities, or null when some fold's training part (or the whole) lacks an outcome. */
    private double[] probabilities() {
        int n = poor.size();
        int[] fold = new int[n];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        for (int k = 0; k < n; k++) {
            fold[order.get(k)] = k % folds;
        }
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = poor.get(i);
        }
        for (int f = 0; f < folds; f++) {
            List<double[]> xs = new ArrayList<>();
            List<Boolean> ys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    xs.add(scores.get(i));
                    ys.add(y[i]);
                }
            }
            boolean[] yy = new boolean[ys.size()];
            int events = 0;
            for (int i = 0; i < yy.length; i++) {
                yy[i] = ys.get(i);
                events += yy[i] ? 1 : 0;
            }
            if (events == 0 || events == yy.length) {
                return null;
            }
            LogisticModel m = LogisticModel.fit(xs.toArray(new double[0][]), yy, null);
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    p[i] = m.probability(scores.get(i));
                }
            }
        }
        boolean both = false;
        for (int i = 1; i < n; i++) {
            both |= y[i] != y[0];
        }
        return both ? p : null;
    }
}
