package org.openrom.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.api.java.UDF3;
import org.openrom.core.score.Administration;

/**
 * SQL {@code rom_score(instrument, answers_json, scale)}: a scale's score of one administration, by the library's
 * scoring ({@link org.openrom.core.instrument.Instrument#score}); {@code answers_json} is {@code {"q1": 2, …}} (what
 * {@code to_json(map(…))} writes). NULL when the input does not fit or the scale cannot be scored: SQL has no dead
 * letters; use {@link RomSpark#score} for them. Registered by {@link RomSpark#register}, or from PySpark with
 * {@code spark.udf.registerJavaFunction("rom_score", "org.openrom.spark.ScoreFunction", "double")}.
 */
public final class ScoreFunction implements UDF3<String, String, String, Double> {
    private static final long serialVersionUID = 1L;

    /** For Spark's registration by class name. */
    public ScoreFunction() {
    }

    @Override
    public Double call(String instrument, String answersJson, String scale) {
        if (instrument == null || answersJson == null || scale == null) {
            return null;
        }
        try {
            JsonNode answers = Engine.json().readTree(answersJson);
            Administration.Builder b = Administration.builder("sql", instrument, 0);
            answers.properties().forEach(e -> {
                if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt()) { // never wrap around
                    throw new IllegalArgumentException("not an integer answer");
                }
                b.answer(e.getKey(), e.getValue().intValue());
            });
            return Engine.INSTRUMENTS.get(instrument).score(b.build()).get(scale.contains(".") ? scale
                    : instrument + "." + scale).flatMap(s -> s.value().isPresent()
                            ? java.util.Optional.of(s.value().getAsDouble()) : java.util.Optional.empty()).orElse(null);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
