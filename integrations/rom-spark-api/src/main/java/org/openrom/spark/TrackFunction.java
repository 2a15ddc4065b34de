package org.openrom.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.api.java.UDF2;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;

/**
 * SQL {@code rom_track(spec, series_json)}: every assessment of a one-scale rule over a patient's series, as a JSON
 * array of {@code {occasion, status, reasons, explanation, details, rule_spec, rule_version, openrom_version}} (parse
 * it with {@code from_json(…, 'array<struct<occasion:int,status:string,reasons:string,explanation:string,
 * details:string,rule_spec:string,rule_version:string,openrom_version:string>>')} and {@code explode}). The series is
 * {@code [{"occasion": 0, "score": 12.0}, …]} ({@code to_json(collect_list(struct(occasion, score)))}). The same
 * evaluation as {@link RomSpark#track}; NULL when the input does not fit (the Dataset API names why, as dead letters).
 */
public final class TrackFunction implements UDF2<String, String, String> {
    private static final long serialVersionUID = 1L;

    /** The one door with strict policies: what SQL cannot report as a dead letter is NULL. */
    private static final org.openrom.core.history.HistoryAssembler ASSEMBLER = org.openrom.core.history.HistoryAssembler
            .builder(Engine.INSTRUMENTS).duplicates(org.openrom.core.history.HistoryAssembler.Duplicates.REFUSE).build();

    /** For Spark's registration by class name. */
    public TrackFunction() {
    }

    @Override
    public String call(String spec, String seriesJson) {
        ScoreSeries s = series(spec, seriesJson);
        if (s == null) {
            return null;
        }
        TrackRule rule = Engine.rules(List.of(spec)).get(0);
        ArrayNode out = Engine.json().createArrayNode();
        try {
            for (TrackAssessment a : rule.evaluate(s)) {
                out.addObject().put("occasion", a.occasion()).put("status", a.status().name()).put("reasons", Engine.reasons(a))
                        .put("explanation", Engine.explanation(a)).put("details", Engine.details(a))
                        .put("rule_spec", a.rule().spec()).put("rule_version", a.rule().version())
                        .put("openrom_version", Engine.VERSION);
            }
        } catch (RuntimeException doesNotFit) {
            return null; // SQL functions never throw: a failed job for one odd row helps nobody
        }
        return out.toString();
    }

    /** The series of a one-scale rule from its JSON, or null when either does not fit. */
    static ScoreSeries series(String spec, String seriesJson) {
        if (spec == null || seriesJson == null) {
            return null;
        }
        try {
            TrackRule rule = Engine.rules(List.of(spec)).get(0);
            if (rule.scales().size() != 1) {
                return null;
            }
            // parsed here, assembled by the library's one door (stated sessions, a session given twice refused,
            // a score outside its scale's range invalid): any data issue makes the answer NULL
            List<org.openrom.core.history.HistoryRow> rows = new java.util.ArrayList<>();
            for (JsonNode p : Engine.json().readTree(seriesJson)) {
                JsonNode occ = p.path("occasion");
                JsonNode score = p.path("score");
                // no wrap-around: an occasion beyond int, or a score that is not a finite number, does not fit
                if (!occ.isIntegralNumber() || !occ.canConvertToInt() || occ.intValue() < 0 || !score.isNumber()
                        || !Double.isFinite(score.doubleValue())) {
                    return null;
                }
                rows.add(new org.openrom.core.history.HistoryRow.StoredScore("point " + rows.size(), "sql",
                        rule.scales().get(0), score.doubleValue(), org.openrom.core.history.HistoryRow.When.at(occ.intValue())));
            }
            if (rows.isEmpty()) {
                return null;
            }
            org.openrom.core.history.Assembly a = ASSEMBLER.assemble(rows);
            if (!a.issues().isEmpty() || a.history("sql").isEmpty()) {
                return null;
            }
            return a.history("sql").get().series(rule.scales().get(0));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
