package org.openrom.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.internal.Combinator;
import org.openrom.rules.internal.Saved;

/**
 * {@code persistent} — "persistently NOT" (Gryesten et al. 2024): NOT when the nested rule has been NOT on
 * {@code k} consecutive assessed occasions. A nested ON_TRACK or INSUFFICIENT_DATA ends the run; while
 * the nested rule is NOT but the run is shorter than {@code k}, the status is ON_TRACK with a reason that
 * counts the run. Spec: {@code persistent:k=2,rule=(deterioration-or-no-change)}.
 */
public final class PersistentRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "persistent";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public PersistentRule() {
        super(ID, "1", "NOT when the nested rule is NOT on k consecutive occasions (persistently NOT).",
                ParameterDescriptor.rules("rule", 1, 1, "the nested rule"),
                ParameterDescriptor.integer("k", 2, 1, 1000, "consecutive NOT occasions required"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        return new Rule(p);
    }

    private static final class Rule extends Combinator {
        final int k;

        Rule(RuleParameters p) {
            super(p, ID, p.rules("rule"));
            k = p.integer("k");
        }

        @Override
        public TrackState start() {
            return new State(this, startChildren()[0], 0);
        }

        @Override
        public TrackState restore(double[] saved) {
            return restore(saved, Consumed.unknown());
        }

        @Override
        public TrackState restore(double[] saved, Consumed consumed) {
            TrackState[] states = new TrackState[1];
            Saved in = restoreChildren(saved, states, consumed);
            int run = in.nextInt();
            in.end();
            if (run < 0 || consumed.known() && run > consumed.observations()) {
                throw in.wrong("NOT on " + run + " consecutive sessions after " + consumed.observations() + " observation(s)");
            }
            return new State(this, states[0], run);
        }

        static double[] encode(TrackState child, int run) {
            return save(new TrackState[] {child}, run);
        }
    }

    private static final class State implements TrackState {
        final Rule r;
        final TrackState child;
        int run;

        State(Rule r, TrackState child, int run) {
            this.r = r;
            this.child = child;
            this.run = run;
        }

        @Override
        public TrackAssessment next(int occasion, double value) {
            return wrap(child.next(occasion, value));
        }

        @Override
        public TrackAssessment next(int occasion, double[] values) {
            return wrap(child.next(occasion, values));
        }

        private TrackAssessment wrap(TrackAssessment a) {
            run = a.status() == TrackStatus.NOT_ON_TRACK ? run + 1 : 0;
            TrackStatus status = a.status() == TrackStatus.INSUFFICIENT_DATA ? TrackStatus.INSUFFICIENT_DATA
                    : run >= r.k ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK;
            int n = run;
            // reasons and details are built on first access only (the monitor reads statuses)
            return TrackAssessment.lazy(a.occasion(), status, r.ref(), () -> explain(r, a, status, n));
        }

        private static TrackAssessment.Explanation explain(Rule r, TrackAssessment a, TrackStatus status, int run) {
            TreeMap<String, Object> d = new TreeMap<>(a.details());
            d.put("notRun", (long) run);
            d.put("nested.status", a.status().name());
            List<Finding> reasons = new ArrayList<>();
            java.util.Map<String, String> args = java.util.Map.of("run", String.valueOf(run), "k", String.valueOf(r.k));
            if (status == TrackStatus.NOT_ON_TRACK) {
                reasons.add(Finding.of("persistent", "Not On Track on " + run + " consecutive sessions (persistently NOT from "
                        + r.k + ")", args));
            } else if (status == TrackStatus.ON_TRACK && run > 0) {
                reasons.add(Finding.of("not-yet-persistent", "Not On Track on " + run + " consecutive session"
                        + (run == 1 ? "" : "s") + "; persistently NOT needs " + r.k, args));
            }
            reasons.addAll(a.reasons());
            return new TrackAssessment.Explanation(List.copyOf(reasons), d);
        }

        @Override
        public double[] save() {
            return Rule.encode(child, run);
        }
    }
}
