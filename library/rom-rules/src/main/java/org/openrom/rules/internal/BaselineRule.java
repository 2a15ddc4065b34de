package org.openrom.rules.internal;

import java.util.TreeMap;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.spi.StateCodec;
import org.openrom.core.track.spi.TrackState;

/**
 * A single-scale rule whose first score is the baseline and which judges every later score against it (and, where
 * the rule asks, against the previous score or from the baseline's session). The state, its saved form and its
 * checks are declared here once: {@code [started, baseline]}, then {@code previous} and {@code baseOccasion} for the
 * rules that keep them, in that order. Not API.
 */
public abstract class BaselineRule extends SingleScaleRule<BaselineRule.State> {
    /** What a rule keeps besides the baseline. */
    public enum Keeps {
        /** the baseline only */
        BASELINE,
        /** the baseline and the previous score */
        PREVIOUS,
        /** the baseline and the baseline's session */
        BASELINE_OCCASION
    }

    /**
     * @param p the validated parameters
     * @param scale the scale read
     * @param ruleId the rule id, named when a saved state is refused
     * @param keeps what the state keeps besides the baseline
     */
    protected BaselineRule(RuleParameters p, Scale scale, String ruleId, Keeps keeps) {
        super(p, scale, codec(ruleId, scale, keeps));
    }

    private static StateCodec<State> codec(String ruleId, Scale scale, Keeps keeps) {
        StateCodec.Builder<State> b = StateCodec.<State>builder(ruleId)
                .started(s -> s.started, (s, v) -> s.started = v)
                .score("baseline", scale, s -> s.started, s -> s.baseline, (s, v) -> s.baseline = v);
        if (keeps == Keeps.PREVIOUS) {
            b.score("previous", scale, s -> s.started, s -> s.previous, (s, v) -> s.previous = v);
        }
        if (keeps == Keeps.BASELINE_OCCASION) {
            b.occasion("baseOccasion", s -> s.started, 0, s -> s.baseOccasion, (s, v) -> s.baseOccasion = v);
        }
        return b.build();
    }

    /**
     * The assessment of the first score (the baseline); by default INSUFFICIENT_DATA with the standard sentence.
     *
     * @param occasion its session
     * @param x the score
     * @return the assessment
     */
    protected TrackAssessment first(int occasion, double x) {
        return baseline(occasion, x, new TreeMap<>());
    }

    /**
     * The assessment of a later score. It must capture the values it is given, never the state (an explanation may
     * be read after the state has moved on).
     *
     * @param occasion the score's session
     * @param x the score
     * @param baseline the baseline score
     * @param previous the score before this one (the baseline after one score); kept, and so meaningful, only for
     *     {@link Keeps#PREVIOUS}
     * @param baseOccasion the baseline's session; kept, and so meaningful, only for {@link Keeps#BASELINE_OCCASION}
     * @return the assessment
     */
    protected abstract TrackAssessment judge(int occasion, double x, double baseline, double previous, int baseOccasion);

    @Override
    protected final State fresh() {
        return new State(this);
    }

    /** The per-patient state of a {@link BaselineRule}. */
    public static final class State implements TrackState {
        private final BaselineRule rule;
        boolean started;
        double baseline;
        double previous;
        int baseOccasion;

        State(BaselineRule rule) {
            this.rule = rule;
        }

        @Override
        public TrackAssessment next(int occasion, double x) {
            if (!started) {
                started = true;
                baseline = x;
                previous = x;
                baseOccasion = occasion;
                return rule.first(occasion, x);
            }
            TrackAssessment a = rule.judge(occasion, x, baseline, previous, baseOccasion);
            previous = x;
            return a;
        }

        @Override
        public double[] save() {
            return rule.save(this);
        }
    }
}
