package org.openrom.rules;

import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.DisplayOrientation;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Psychometrics;
import org.openrom.core.instrument.Scale;
import org.openrom.core.score.Administration;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.TrackRule;

/**
 * Test instruments for the rules. rom-rules never depends on rom-instruments, so the tests define
 * their own: single-item instruments whose answer is the score, and an ODSIS-shaped one so the rules'
 * default scale {@code odsis.total} resolves.
 */
final class Fixtures {
    static final InstrumentRegistry INSTRUMENTS = InstrumentRegistry.builder()
            .add(single("mood", "Mood", 0, 40, Direction.LOWER_IS_BETTER, Psychometrics.builder().reliability(0.89)
                    .clinical(20, 6).functional(6, 4).reliableChange(5).build()))
            .add(single("gain", "Gain", 0, 100, Direction.HIGHER_IS_BETTER, Psychometrics.builder().reliability(0.85)
                    .clinical(40, 15).build()))
            .add(single("phq9", "PHQ-9", 0, 27, Direction.LOWER_IS_BETTER, Psychometrics.builder().reliableChange(6).build()))
            .add(single("gad7", "GAD-7", 0, 21, Direction.LOWER_IS_BETTER, Psychometrics.builder().reliableChange(4).build()))
            .add(Instrument.builder("odsis", "1").name("ODSIS-shaped test instrument")
                    .item(Item.ordinal("q1", "t1", 0, 4)).item(Item.ordinal("q2", "t2", 0, 4))
                    .item(Item.ordinal("q3", "t3", 0, 4)).item(Item.ordinal("q4", "t4", 0, 4))
                    .item(Item.ordinal("q5", "t5", 0, 4))
                    .scale(Scale.builder("total", "ODSIS").items("q1", "q2", "q3", "q4", "q5")
                            .display(DisplayOrientation.REVERSED).cutoff(8)
                            .psychometrics(Psychometrics.builder().reliability(0.89).build()))
                    .build())
            .build();
    static final RuleEnvironment ENV = RuleEnvironment.of(INSTRUMENTS);
    static final RuleRegistry RULES = RuleRegistry.loadDefault();

    private Fixtures() {
    }

    private static Instrument single(String id, String label, int min, int max, Direction dir, Psychometrics p) {
        return Instrument.builder(id, "1").name(label + " test instrument")
                .item(Item.ordinal("q", "score", min, max))
                .scale(Scale.builder("total", label).items("q").direction(dir).psychometrics(p))
                .build();
    }

    static TrackRule rule(String spec) {
        return RULES.create(spec, ENV);
    }

    /** @return a monitor over the test instruments running the given rule specs */
    static org.openrom.core.monitor.OutcomeMonitor monitor(String... specs) {
        org.openrom.core.monitor.OutcomeMonitor.Builder b =
                org.openrom.core.monitor.OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(RULES);
        for (String s : specs) {
            b.rule(s);
        }
        return b.build();
    }

    /** @return {@code patients} rows of {@code occasions} random mood scores (0 to 40) from the seed */
    static int[][] randomMoodScores(int patients, int occasions, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        int[][] scores = new int[patients][occasions];
        for (int[] row : scores) {
            for (int o = 0; o < occasions; o++) {
                row[o] = rnd.nextInt(41);
            }
        }
        return scores;
    }

    /** @return every assessment of each patient when the scores are recorded one patient after another */
    static java.util.Map<Integer, java.util.List<org.openrom.core.track.TrackAssessment>> recordSequentially(
            org.openrom.core.monitor.OutcomeMonitor monitor, int[][] scores) {
        java.util.Map<Integer, java.util.List<org.openrom.core.track.TrackAssessment>> out = new java.util.HashMap<>();
        for (int p = 0; p < scores.length; p++) {
            for (int o = 0; o < scores[p].length; o++) {
                out.computeIfAbsent(p, x -> new java.util.ArrayList<>())
                        .addAll(monitor.record(adm("p" + p, "mood", o, scores[p][o])).assessments());
            }
        }
        return out;
    }

    static Administration adm(String patient, String instrument, int occasion, int score) {
        return Administration.builder(patient, instrument, occasion).answer("q", score).build();
    }
}
