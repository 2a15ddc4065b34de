package org.openrom.spark;

import java.util.List;
import org.apache.spark.sql.api.java.UDF2;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;

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
        ScoreSeries s = TrackFunction.series(spec, seriesJson);
        if (s == null) {
            return null;
        }
        try {
            List<TrackAssessment> as = Engine.rules(List.of(spec)).get(0).evaluate(s);
            return as.isEmpty() ? null : as.get(as.size() - 1).status().name();
        } catch (RuntimeException doesNotFit) {
            return null; // SQL functions never throw
        }
    }
}
