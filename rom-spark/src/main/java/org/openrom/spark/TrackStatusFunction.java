package org.openrom.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.api.java.UDF2;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;

/**
 * SQL {@code rom_track_status(spec, series_json)}: a one-scale rule's status at the last occasion of a patient's
 * series, {@code series_json} being {@code [{"occasion": 0, "score": 12.0}, …]} (what
 * {@code to_json(collect_list(struct(occasion, score)))} writes), evaluated with the library's batch path. NULL when
 * the input does not fit (for the reasons, use {@link RomSpark#track} and its dead letters).
 */
public final class TrackStatusFunction implements UDF2<String, String, String> {
    private static final long serialVersionUID = 1L;

    /** For Spark's registration by class name. */
    public TrackStatusFunction() {
    }

    @Override
    public String call(String spec, String seriesJson) {
        if (spec == null || seriesJson == null) {
            return null;
        }
        try {
            TrackRule rule = Engine.rules(List.of(spec)).get(0);
            if (rule.scales().size() != 1) {
                return null;
            }
            TreeMap<Integer, Double> points = new TreeMap<>();
            for (JsonNode p : Engine.json().readTree(seriesJson)) {
                if (!p.path("occasion").isIntegralNumber() || !p.path("score").isNumber()
                        || points.put(p.path("occasion").intValue(), p.path("score").doubleValue()) != null) {
                    return null;
                }
            }
            if (points.isEmpty()) {
                return null;
            }
            ScoreSeries s = ScoreSeries.empty("sql", rule.scales().get(0));
            for (var e : points.entrySet()) {
                s = s.append(e.getKey(), e.getValue());
            }
            List<TrackAssessment> as = rule.evaluate(s);
            return as.isEmpty() ? null : as.get(as.size() - 1).status().name();
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
