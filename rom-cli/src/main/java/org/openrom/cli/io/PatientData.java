package org.openrom.cli.io;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openrom.core.score.Administration;
import org.openrom.core.track.ScoreSeries;

/**
 * One patient's data from a cohort file.
 *
 * @param patientId the patient
 * @param groupId the therapy group, or empty
 * @param administrations the administrations (empty for score-level files), by occasion
 * @param scores scale → occasion → score
 */
public record PatientData(String patientId, String groupId, List<Administration> administrations,
        Map<String, TreeMap<Integer, Double>> scores) {

    /** @return the series of one scale (empty when the patient has none) */
    public ScoreSeries series(String scale) {
        TreeMap<Integer, Double> m = scores.getOrDefault(scale, new TreeMap<>());
        return ScoreSeries.of(patientId, scale, m.keySet().stream().mapToInt(Integer::intValue).toArray(),
                m.values().stream().mapToDouble(Double::doubleValue).toArray());
    }
}
