package org.openrom.rules;

import java.util.List;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.internal.Say;
import org.openrom.rules.internal.BaselineRule;

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
        super(ID, "1", "Traffic light on percentage improvement from baseline: green > 25%, amber 5-25%, red <= 5% (NOT).",
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

    private static final class Rule extends BaselineRule {
        final double green;
        final double red;
        final Direction dir;

        Rule(RuleParameters p) {
            super(p, p.scale("scale"), ID, Keeps.BASELINE);
            green = p.decimal("green");
            red = p.decimal("red");
            dir = scale.direction();
        }

        @Override
        protected TrackAssessment judge(int occasion, double x, double baseline, double previous, int baseOccasion) {
            if (baseline == 0) {
                TreeMap<String, Object> d = new TreeMap<>();
                d.put("baseline", baseline);
                return new TrackAssessment(occasion, TrackStatus.INSUFFICIENT_DATA, List.of(Finding.of("undefined",
                        "Percentage change is undefined for a baseline of 0", java.util.Map.of("baseline", "0"))), ref(), d);
            }
            double pct = -dir.worsening(baseline, x) / Math.abs(baseline) * 100;
            String light = pct > green ? "green" : pct > red ? "amber" : "red";
            // the sentence and details are built on first access only (the monitor reads statuses)
            return TrackAssessment.lazy(occasion, light.equals("red") ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK,
                    ref(), () -> {
                        TreeMap<String, Object> d = new TreeMap<>();
                        d.put("baseline", baseline);
                        d.put("percent", pct);
                        d.put("light", light);
                        String sentence = labelled(x) + " at " + Say.session(occasion) + " is " + Say.num(Math.abs(pct))
                                + "% " + (pct >= 0 ? "better" : "worse") + " than baseline " + Say.num(baseline) + " (" + light + ")";
                        return new TrackAssessment.Explanation(List.of(Finding.of(light.equals("red")
                                ? "insufficient-improvement" : "on-track", sentence, java.util.Map.of("scale", scale.label(),
                                        "score", Say.num(x), "session", String.valueOf(occasion), "percent",
                                        Say.num(Math.abs(pct)), "direction", pct >= 0 ? "better" : "worse", "baseline",
                                        Say.num(baseline), "light", light))), d);
                    });
        }
    }
}
