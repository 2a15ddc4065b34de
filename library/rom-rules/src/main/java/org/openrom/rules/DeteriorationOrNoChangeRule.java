package org.openrom.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * {@code deterioration-or-no-change} — the NOT criterion of the group-CBT study (Gryesten et al.
 * 2024): a patient is Not On Track when they score {@code deterioration} points worse
 * than baseline at any occasion, or when the change stays below {@code no-change} points for {@code run}
 * consecutive post-baseline observations.
 *
 * <p>Definition, at each observation {@code t} after the baseline {@code x₀} (the first observed score):
 * <ul>
 * <li>deterioration: {@code worsening(x₀, x_t) ≥ deterioration}, where worsening is measured in the
 * scale's bad direction;</li>
 * <li>no change: for each post-baseline observation {@code i}, {@code Δᵢ = xᵢ − ref}, with
 * {@code ref = x₀} ({@code reference=baseline}) or {@code ref = xᵢ₋₁} ({@code reference=previous});
 * "small" is {@code |Δᵢ| < no-change} ({@code mode=absolute}, the literal reading) or
 * {@code improvementᵢ < no-change} ({@code mode=improvement}, which also catches a sustained
 * worsening); NOT when the last {@code run} post-baseline observations are all small;</li>
 * <li>{@code sticky=true}: once NOT, every later occasion stays NOT.</li>
 * </ul>
 * The baseline occasion is INSUFFICIENT_DATA; every other occasion is ON_TRACK or NOT_ON_TRACK.
 * "Consecutive" counts observations, not calendar sessions: a missed session does not break a run.
 * The {@code reference}, {@code mode} and {@code sticky} readings are not settled by the study
 * (UNVERIFIED), hence parameters.
 *
 * <p><b>Versions.</b> This is version 2: {@code mode} defaults to {@code improvement}. Under version 1's
 * {@code mode=absolute} (the literal reading, {@link DeteriorationOrNoChangeRuleV1}, reached as
 * {@code deterioration-or-no-change@1}) a patient 2 points worse than baseline for many sessions is on track (2 is
 * not a deterioration of 3, and |−2| is not a change below 2) while a patient 1 point better is flagged; the study's
 * intent is to catch patients who do not improve. docs/rules.md gives the figures.
 */
public final class DeteriorationOrNoChangeRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "deterioration-or-no-change";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public DeteriorationOrNoChangeRule() {
        super(ID, "2", "NOT when the score is 'deterioration' points worse than baseline, or improves less than "
                + "'no-change' points for 'run' consecutive sessions (Gryesten et al. 2024).", parameters("improvement"));
    }

    /** The parameters of both versions; they differ in the default of {@code mode} only. */
    static ParameterDescriptor[] parameters(String defaultMode) {
        return new ParameterDescriptor[] {
                ParameterDescriptor.scale("scale", "odsis.total", "the scale to read"),
                ParameterDescriptor.decimal("deterioration", 3, 0.01, 1e6,
                        "scale points worse than baseline that make a patient NOT"),
                ParameterDescriptor.decimal("no-change", 2, 0.01, 1e6,
                        "a change smaller than this many points counts as no change"),
                ParameterDescriptor.integer("run", 3, 1, 1000,
                        "consecutive post-baseline observations of no change that make a patient NOT"),
                ParameterDescriptor.choice("reference", "baseline", List.of("baseline", "previous"),
                        "what no change is measured against: the baseline or the previous observation"),
                ParameterDescriptor.choice("mode", defaultMode, List.of("absolute", "improvement"),
                        "absolute: |change| < no-change; improvement: improvement < no-change (also catches worsening)"),
                ParameterDescriptor.bool("sticky", false, "once NOT, stay NOT")};
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        return create(p);
    }

    /** The rule of either version: the versions differ in defaults only, which the parameters already hold. */
    static TrackRule create(RuleParameters p) {
        return new Rule(p);
    }

    private static final class Rule extends SingleScaleRule<State> {
        final double deterioration;
        final double noChange;
        final int run;
        final boolean previous;
        final boolean improvementMode;
        final boolean sticky;
        final Direction dir;

        Rule(RuleParameters p) {
            super(p, p.scale("scale"), codec(p.scale("scale")));
            Scale s = p.scale("scale");
            deterioration = p.decimal("deterioration");
            noChange = p.decimal("no-change");
            run = p.integer("run");
            previous = p.choice("reference").equals("previous");
            improvementMode = p.choice("mode").equals("improvement");
            sticky = p.bool("sticky");
            dir = s.direction();
        }

        private static StateCodec<State> codec(Scale scale) {
            return StateCodec.<State>builder(ID)
                    .count(s -> s.count, (s, v) -> s.count = v)
                    .score("baseline", scale, s -> s.count > 0, s -> s.baseline, (s, v) -> s.baseline = v)
                    .score("last", scale, s -> s.count > 0, s -> s.last, (s, v) -> s.last = v)
                    .integer("runLength", 0, Integer.MAX_VALUE, s -> s.runLength, (s, v) -> s.runLength = v)
                    .occasion("runStart", s -> s.runLength > 0, -1, s -> s.runStart, (s, v) -> s.runStart = v)
                    .integer("firstNot", -1, Integer.MAX_VALUE, s -> s.firstNot, (s, v) -> s.firstNot = v)
                    .occasion("baselineOccasion", s -> s.count > 0, -1, s -> s.baselineOccasion,
                            (s, v) -> s.baselineOccasion = v)
                    .invariant((s, consumed) -> s.runLength > Math.max(0, s.count - 1) ? Optional.of("a no-change run of "
                            + s.runLength + " after " + s.count + " observation(s)") : Optional.empty())
                    .invariant((s, consumed) -> s.runLength > 0 && s.runStart <= s.baselineOccasion
                            ? Optional.of("a no-change run that starts at or before the baseline") : Optional.empty())
                    .invariant((s, consumed) -> s.firstNot != -1 && (s.firstNot <= s.baselineOccasion
                            || consumed.known() && s.firstNot > consumed.lastOccasion() || s.count < 2)
                            ? Optional.of("a first NOT occasion " + s.firstNot + " that was not observed after the baseline")
                            : Optional.empty())
                    .build();
        }

        @Override
        protected State fresh() {
            return new State(this);
        }
    }

    private static final class State implements TrackState {
        final Rule r;
        int count;
        double baseline;
        double last;
        int runLength;
        int runStart = -1;
        int firstNot = -1;
        int baselineOccasion = -1;

        State(Rule r) {
            this.r = r;
        }

        /** Updates the state; returns the worsening from baseline, or NaN for the baseline observation. */
        private double step(int occasion, double x) {
            if (count == 0) {
                count = 1;
                baseline = x;
                last = x;
                baselineOccasion = occasion;
                return Double.NaN;
            }
            double worse = r.dir.worsening(baseline, x);
            double ref = r.previous ? last : baseline;
            boolean small = r.improvementMode ? -r.dir.worsening(ref, x) < r.noChange : Math.abs(x - ref) < r.noChange;
            if (small) {
                if (runLength == 0) {
                    runStart = occasion;
                }
                runLength++;
            } else {
                runLength = 0;
                runStart = -1;
            }
            last = x;
            count++;
            if ((worse >= r.deterioration || runLength >= r.run) && firstNot < 0) {
                firstNot = occasion;
            }
            return worse;
        }

        @Override
        public TrackStatus advance(int occasion, double x) {
            double worse = step(occasion, x);
            if (Double.isNaN(worse)) {
                return TrackStatus.INSUFFICIENT_DATA;
            }
            boolean flagged = worse >= r.deterioration || runLength >= r.run;
            return flagged || (r.sticky && firstNot >= 0) ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK;
        }

        @Override
        public TrackAssessment next(int occasion, double x) {
            int firstNotBefore = firstNot;
            double worse = step(occasion, x);
            if (Double.isNaN(worse)) {
                return r.baseline(occasion, x, new TreeMap<>());
            }
            boolean det = worse >= r.deterioration;
            boolean noChange = runLength >= r.run;
            boolean flagged = det || noChange;
            TrackStatus status = flagged || (r.sticky && firstNot >= 0) ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK;
            double base = baseline;
            int run = runLength;
            int start = runStart;
            // the sentences and details are built only when someone reads them
            return TrackAssessment.lazy(occasion, status, r.ref(),
                    () -> explain(r, occasion, x, base, worse, det, noChange, run, start, firstNotBefore));
        }

        private static TrackAssessment.Explanation explain(Rule r, int occasion, double x, double baseline, double worse,
                boolean det, boolean noChange, int runLength, int runStart, int firstNotBefore) {
            List<Finding> reasons = new ArrayList<>(3);
            // the arguments let a renderer say the same in another language (docs/rules.md, "Reasons")
            Map<String, String> args = Map.of("scale", r.scale.label(), "score", Say.num(x), "baseline", Say.num(baseline),
                    "session", String.valueOf(occasion));
            if (det) {
                Map<String, String> a = new TreeMap<>(args);
                a.put("points", Say.num(Math.abs(worse)));
                reasons.add(Finding.of("deterioration", r.labelled(x) + " is " + Say.points(worse) + " worse than baseline "
                        + Say.num(baseline) + " at " + Say.session(occasion), a));
            }
            if (noChange) {
                String against = r.previous ? "the previous session" : "baseline " + Say.num(baseline);
                String what = r.improvementMode ? "improved less than " : "changed less than ";
                Map<String, String> a = new TreeMap<>(args);
                a.put("points", Say.num(r.noChange));
                a.put("against", r.previous ? "previous" : "baseline");
                a.put("mode", r.improvementMode ? "improvement" : "absolute");
                a.put("run", String.valueOf(runLength));
                a.remove("score"); // the sentence is about the run, not the latest score
                if (r.previous) {
                    a.remove("baseline"); // measured against the previous session: the baseline is not part of it
                }
                a.put("from", String.valueOf(runStart));
                reasons.add(Finding.of("no-change", r.scale.label() + " " + what + Say.points(r.noChange) + " against "
                        + against + " for " + runLength + " consecutive sessions (" + Say.session(runStart) + " to "
                        + occasion + ")", a));
            }
            if (!det && !noChange && r.sticky && firstNotBefore >= 0) {
                reasons.add(Finding.of("sticky", "Not On Track since " + Say.session(firstNotBefore)
                        + " (sticky: once NOT, stays NOT)", Map.of("since", String.valueOf(firstNotBefore))));
            }
            if (reasons.isEmpty()) {
                String rel = worse > 0 ? Say.points(worse) + " worse than" : worse < 0 ? Say.points(worse) + " better than"
                        : "the same as";
                Map<String, String> a = new TreeMap<>(args);
                a.put("change", Say.num(-worse));
                reasons.add(Finding.of("on-track", r.labelled(x) + " at " + Say.session(occasion) + " is " + rel
                        + " baseline " + Say.num(baseline) + "; no NOT criterion is met", a));
            }
            TreeMap<String, Object> details = new TreeMap<>();
            details.put("baseline", baseline);
            details.put("worsening", worse);
            details.put("deterioration", det);
            details.put("noChangeRun", (long) runLength);
            details.put("noChange", noChange);
            return new TrackAssessment.Explanation(reasons, details);
        }

        @Override
        public double[] save() {
            return r.save(this);
        }
    }
}
