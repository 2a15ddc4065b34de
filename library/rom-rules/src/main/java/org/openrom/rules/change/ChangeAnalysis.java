package org.openrom.rules.change;

import java.util.AbstractList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The result of {@link ChangeStatistics#analyse}: sample statistics, the parameters used, one result per
 * patient and the counts per category. The scores are stored column-wise in primitive arrays; a patient's
 * index and category are derived from them on access (the same arithmetic as during the analysis, so
 * {@link #summary()} always counts exactly the categories {@link #category(int)} returns);
 * {@link #patients()} is a read-only view. Immutable.
 */
public final class ChangeAnalysis {
    private static final ChangeCategory[] CATEGORIES = ChangeCategory.values();

    private final RciMethod method;
    private final double meanPre;
    private final double sdPre;
    private final double meanPost;
    private final double sdPost;
    private final double correlation;
    private final RciParameters parameters;
    private final double critical;
    private final OptionalDouble cutoff;
    private final IdColumn ids;
    private final double[] pre;
    private final double[] post;
    private final RciMethod.Kernel kernel;
    private final org.openrom.core.instrument.Direction direction;
    private final Map<ChangeCategory, Integer> summary;
    private final ChangeStatistics.Classifier classifier;
    private final Cutoffs.Tie tie;
    private final RciMethod.CriticalValues criticalValues;

    ChangeAnalysis(RciMethod method, double meanPre, double sdPre, double meanPost, double sdPost, double correlation,
            RciParameters parameters, double critical, OptionalDouble cutoff, IdColumn ids, double[] pre, double[] post,
            RciMethod.Kernel kernel, org.openrom.core.instrument.Direction direction, int[] counts,
            ChangeStatistics.Classifier classifier, Cutoffs.Tie tie, RciMethod.CriticalValues criticalValues) {
        this.classifier = classifier;
        this.tie = tie;
        this.criticalValues = criticalValues;
        this.method = method;
        this.meanPre = meanPre;
        this.sdPre = sdPre;
        this.meanPost = meanPost;
        this.sdPost = sdPost;
        this.correlation = correlation;
        this.parameters = parameters;
        this.critical = critical;
        this.cutoff = cutoff;
        this.ids = ids;
        this.pre = pre;
        this.post = post;
        this.kernel = kernel;
        this.direction = direction;
        EnumMap<ChangeCategory, Integer> m = new EnumMap<>(ChangeCategory.class);
        for (ChangeCategory c : CATEGORIES) {
            m.put(c, counts[c.ordinal()]);
        }
        this.summary = Collections.unmodifiableMap(m);
    }

    /** @return the RCI method */
    public RciMethod method() {
        return method;
    }

    /** @return the number of complete pairs */
    public int n() {
        return pre.length;
    }

    /** @return sample mean of pre scores */
    public double meanPre() {
        return meanPre;
    }

    /** @return sample SD of pre scores (n − 1) */
    public double sdPre() {
        return sdPre;
    }

    /** @return sample mean of post scores */
    public double meanPost() {
        return meanPost;
    }

    /** @return sample SD of post scores (n − 1) */
    public double sdPost() {
        return sdPost;
    }

    /** @return Pearson correlation of pre and post (NaN when undefined) */
    public double correlation() {
        return correlation;
    }

    /** @return the population parameters used for the index */
    public RciParameters parameters() {
        return parameters;
    }

    /** @return the critical |index| */
    public double critical() {
        return critical;
    }

    /** @return the clinical-significance cut-off, when one was asked for */
    public OptionalDouble cutoff() {
        return cutoff;
    }

    /** @return counts per category (every category present, zero included) */
    public Map<ChangeCategory, Integer> summary() {
        return summary;
    }

    /** @return the count of one category */
    public int count(ChangeCategory c) {
        return summary.get(c);
    }

    /** @return the standard error of the difference S_diff = √2·SD·√(1−r) of the parameters used */
    public double standardErrorOfDifference() {
        return parameters.standardErrorOfDifference();
    }

    /** @return the index of patient {@code i} (input order) */
    public double index(int i) {
        return kernel.index(pre[i], post[i]);
    }

    /** @return the category of patient {@code i} (input order) */
    public ChangeCategory category(int i) {
        return classifier.category(index(i), pre[i], post[i]);
    }

    /** @return where a score exactly at the cut-off was counted */
    public Cutoffs.Tie tie() {
        return tie;
    }

    /** @return the set of default critical values the analysis took its critical value from (unless one was given) */
    public RciMethod.CriticalValues criticalValues() {
        return criticalValues;
    }

    /** @return whether the cut-off is Hageman &amp; Arrindell's true-score cut-off with their recovery criterion (HA) */
    public boolean trueScoreCutoff() {
        return classifier.hageman() && cutoff.isPresent();
    }

    /** @return a read-only view of the per-patient results, in input order */
    public List<PatientChange> patients() {
        return new AbstractList<>() {
            @Override
            public PatientChange get(int i) {
                return new PatientChange(ids.get(i), pre[i], post[i], post[i] - pre[i], index(i), category(i));
            }

            @Override
            public int size() {
                return pre.length;
            }
        };
    }
}
