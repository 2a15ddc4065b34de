package org.openrom.rules.change;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The result of {@link ChangeStatistics#analyse}: sample statistics, the parameters used, one result
 * per patient and the counts per category.
 *
 * @param method the RCI method
 * @param n the number of complete pairs
 * @param meanPre sample mean of pre scores
 * @param sdPre sample SD of pre scores (n − 1)
 * @param meanPost sample mean of post scores
 * @param sdPost sample SD of post scores (n − 1)
 * @param correlation Pearson correlation of pre and post (NaN when undefined)
 * @param parameters the population parameters used for the index
 * @param critical the critical |index|
 * @param cutoff the clinical-significance cut-off, when one was asked for
 * @param patients per-patient results, in input order
 * @param summary counts per category (every category present, zero included)
 */
public record ChangeAnalysis(RciMethod method, int n, double meanPre, double sdPre, double meanPost, double sdPost,
        double correlation, RciParameters parameters, double critical, OptionalDouble cutoff,
        List<PatientChange> patients, Map<ChangeCategory, Integer> summary) {

    /** Copies the collections. */
    public ChangeAnalysis {
        patients = List.copyOf(patients);
        summary = Collections.unmodifiableMap(new EnumMap<>(summary));
    }

    /** @return the standard error of the difference S_diff = √2·SD·√(1−r) of the parameters used */
    public double standardErrorOfDifference() {
        return parameters.standardErrorOfDifference();
    }

    /** @return the count of one category */
    public int count(ChangeCategory c) {
        return summary.getOrDefault(c, 0);
    }
}
