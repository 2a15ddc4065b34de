package org.openrom.rules;

import java.util.List;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.StateCodec;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.internal.Say;
import org.openrom.rules.internal.SingleScaleRule;

/**
 * {@code percent-change} — a traffic light on the percentage improvement from baseline (docs/rules.md; green above 25%, red at 5% or less):
 * {@code p = improvement / |baseline| × 100}; green when {@code p > green} (25), amber when
 * {@code red < p ≤ green}, red when {@code p ≤ red} (5), including any worsening. Red is NOT_ON_TRACK.
 * A baseline of 0 leaves the percentage undefined: INSUFFICIENT_DATA. The percentage is relative to the
 * raw score, so it is meaningful only on scales whose zero means "no symptoms" (a documented limit).
 */
public final class PercentChangeRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "percent-change";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public PercentChangeRule() {
        super(ID, "1", "Traffic light on percentage improvement from baseline: green > 25%, amber 5-25%, red <= 5% (NOT).");
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(
                ParameterDescriptor.scale("scale", "odsis.total", "the scale to read"),
                ParameterDescriptor.decimal("green", 25, 0, 1000, "percent improvement above which the light is green"),
                ParameterDescriptor.decimal("red", 5, -1000, 1000, "percent improvement at or below which the light is red (NOT)"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        if (!(p.decimal("red") < p.decimal("green"))) {
            throw new ValidationException("rule " + ID, "red", Say.num(p.decimal("red")),
                    "a value below green " + Say.num(p.decimal("green")));
        }
        return new Rule(p);
    }

    private static final class Rule extends SingleScaleRule<State> {
        final double green;
        final double red;
        final Direction dir;

        Rule(RuleParameters p) {
            super(p, p.scale("scale"), codec(p.scale("scale")));
            green = p.decimal("green");
            red = p.decimal("red");
            dir = scale.direction();
        }

        private static StateCodec<State> codec(Scale scale) {
            return StateCodec.<State>builder(ID)
                    .started(s -> s.started, (s, v) -> s.started = v)
                    .score("baseline", scale, s -> s.started, s -> s.baseline, (s, v) -> s.baseline = v)
                    .build();
        }

        @Override
        protected State fresh() {
            return new State(this);
        }
    }

    private static final class State implements TrackState {
        final Rule r;
        boolean started;
        double baseline;

        State(Rule r) {
            this.r = r;
        }

        @Override
        public TrackAssessment next(int occasion, double x) {
            if (!started) {
                started = true;
                baseline = x;
                return r.baseline(occasion, x, new TreeMap<>());
            }
            if (baseline == 0) {
                TreeMap<String, Object> d = new TreeMap<>();
                d.put("baseline", baseline);
                return new TrackAssessment(occasion, TrackStatus.INSUFFICIENT_DATA, List.of(Finding.of("undefined",
                        "Percentage change is undefined for a baseline of 0", java.util.Map.of("baseline", "0"))), r.ref(), d);
            }
            double pct = -r.dir.worsening(baseline, x) / Math.abs(baseline) * 100;
            String light = pct > r.green ? "green" : pct > r.red ? "amber" : "red";
            double base = baseline;
            // the sentence and details are built on first access only (the monitor reads statuses)
            return TrackAssessment.lazy(occasion, light.equals("red") ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK,
                    r.ref(), () -> {
                        TreeMap<String, Object> d = new TreeMap<>();
                        d.put("baseline", base);
                        d.put("percent", pct);
                        d.put("light", light);
                        String sentence = r.labelled(x) + " at " + Say.session(occasion) + " is " + Say.num(Math.abs(pct))
                                + "% " + (pct >= 0 ? "better" : "worse") + " than baseline " + Say.num(base) + " (" + light + ")";
                        return new TrackAssessment.Explanation(List.of(Finding.of(light.equals("red")
                                ? "insufficient-improvement" : "on-track", sentence, java.util.Map.of("scale", r.scale.label(),
                                        "score", Say.num(x), "session", String.valueOf(occasion), "percent",
                                        Say.num(Math.abs(pct)), "direction", pct >= 0 ? "better" : "worse", "baseline",
                                        Say.num(base), "light", light))), d);
                    });
        }

        @Override
        public double[] save() {
            return r.save(this);
        }
    }
}
