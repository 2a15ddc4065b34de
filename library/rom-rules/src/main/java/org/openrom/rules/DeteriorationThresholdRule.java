package org.openrom.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
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
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.internal.Say;
import org.openrom.rules.internal.BaselineRule;

/**
 * {@code deterioration-threshold} — NOT when the score is at least {@code threshold} points worse than the
 * baseline and/or the previous observation (Koementas-de Vos et al. 2018, the OQ-45 feedback signal). The threshold defaults to the scale's published reliable change (e.g. PHQ-9: 6,
 * GAD-7: 4, PSYCHLOPS: 4.63); a scale without one needs {@code threshold}. The baseline is
 * INSUFFICIENT_DATA.
 */
public final class DeteriorationThresholdRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "deterioration-threshold";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public DeteriorationThresholdRule() {
        super(ID, "1", "NOT when the score is 'threshold' points worse than baseline and/or the previous session "
                + "(Koementas-de Vos et al. 2018).",
                ParameterDescriptor.scale("scale", "odsis.total", "the scale to read"),
                ParameterDescriptor.optionalDecimal("threshold", 0.01, 1e6,
                        "points of worsening that make a patient NOT (default: the scale's published reliable change)"),
                ParameterDescriptor.choice("against", "either", List.of("baseline", "previous", "either"),
                        "compare with the baseline, the previous observation, or either"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        Scale scale = p.scale("scale");
        OptionalDouble t = p.optionalDecimal("threshold");
        if (t.isEmpty()) {
            t = scale.psychometrics().reliableChange();
        }
        if (t.isEmpty()) {
            throw new ValidationException("rule " + ID, "threshold", "absent",
                    "a threshold: scale " + scale.qualifiedId() + " publishes no reliable change");
        }
        return new Rule(p, scale, t.getAsDouble(), p.choice("against"));
    }

    private static final class Rule extends BaselineRule {
        final double threshold;
        final boolean vsBaseline;
        final boolean vsPrevious;
        final Direction dir;

        Rule(RuleParameters p, Scale s, double threshold, String against) {
            super(p, s, ID, Keeps.PREVIOUS);
            this.threshold = threshold;
            this.vsBaseline = !against.equals("previous");
            this.vsPrevious = !against.equals("baseline");
            this.dir = s.direction();
        }

        @Override
        protected TrackAssessment judge(int occasion, double x, double baseline, double previous, int baseOccasion) {
            double wb = dir.worsening(baseline, x);
            double wp = dir.worsening(previous, x);
            boolean fromBaseline = vsBaseline && wb >= threshold;
            boolean fromPrevious = vsPrevious && wp >= threshold;
            TrackStatus status = fromBaseline || fromPrevious ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK;
            return TrackAssessment.lazy(occasion, status, ref(),
                    () -> explain(this, occasion, x, baseline, previous, wb, wp, fromBaseline, fromPrevious));
        }

        @Override
        protected TrackAssessment first(int occasion, double x) {
            TreeMap<String, Object> d = new TreeMap<>();
            d.put("threshold", threshold);
            return baseline(occasion, x, d);
        }
    }

    private static TrackAssessment.Explanation explain(Rule r, int occasion, double x, double baseline, double previous,
            double wb, double wp, boolean fromBaseline, boolean fromPrevious) {
        List<Finding> reasons = new ArrayList<>(2);
        if (fromBaseline) {
            reasons.add(Finding.of("deterioration", r.labelled(x) + " is " + Say.points(wb) + " worse than baseline "
                    + Say.num(baseline) + " at " + Say.session(occasion) + " (threshold " + Say.num(r.threshold) + ")",
                    java.util.Map.of("scale", r.scale.label(), "score", Say.num(x), "points", Say.num(Math.abs(wb)),
                            "baseline", Say.num(baseline), "session", String.valueOf(occasion), "threshold",
                            Say.num(r.threshold))));
        }
        if (fromPrevious) {
            reasons.add(Finding.of("deterioration-since-previous", r.labelled(x) + " is " + Say.points(wp)
                    + " worse than the previous session's " + Say.num(previous) + " at " + Say.session(occasion)
                    + " (threshold " + Say.num(r.threshold) + ")", java.util.Map.of("scale", r.scale.label(), "score",
                            Say.num(x), "points", Say.num(Math.abs(wp)), "previous", Say.num(previous), "session",
                            String.valueOf(occasion), "threshold", Say.num(r.threshold))));
        }
        if (reasons.isEmpty()) {
            reasons.add(Finding.of("on-track", r.labelled(x) + " at " + Say.session(occasion) + " is less than "
                    + Say.points(r.threshold) + " worse than baseline " + Say.num(baseline) + " and the previous session",
                    java.util.Map.of("scale", r.scale.label(), "score", Say.num(x), "session", String.valueOf(occasion),
                            "threshold", Say.num(r.threshold), "baseline", Say.num(baseline))));
        }
        TreeMap<String, Object> d = new TreeMap<>();
        d.put("threshold", r.threshold);
        d.put("baseline", baseline);
        d.put("worseningFromBaseline", wb);
        d.put("worseningFromPrevious", wp);
        return new TrackAssessment.Explanation(reasons, d);
    }
}
