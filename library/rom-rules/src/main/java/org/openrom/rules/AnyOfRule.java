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
 * {@code any-of} (and, with {@link AllOfRule}, {@code all-of}) — combines rules that read the same scales.
 * {@code any-of}: NOT when any nested rule is NOT; INSUFFICIENT_DATA when every nested rule is; otherwise
 * ON_TRACK. The reasons are those of the nested rules that decided the status. Spec:
 * {@code any-of:rules=(deterioration-or-no-change;reliable-change:sd-pre=4)}.
 */
public final class AnyOfRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "any-of";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public AnyOfRule() {
        super(ID, "1", "NOT when any of the nested rules is NOT.",
ParameterDescriptor.rules("rules", 2, 10, "the nested rules, all reading the same scales"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        return new Logic(p, ID, p.rules("rules"), false);
    }

    /** The any/all logic, shared with {@link AllOfRule}. */
    static final class Logic extends Combinator {
        final boolean all;

        Logic(RuleParameters p, String id, List<TrackRule> children, boolean all) {
            super(p, id, children);
            this.all = all;
        }

        @Override
        public TrackState start() {
            return new State(this, startChildren());
        }

        static double[] encode(TrackState[] states) {
            return save(states);
        }

        @Override
        public TrackState restore(double[] saved) {
            return restore(saved, Consumed.unknown());
        }

        @Override
        public TrackState restore(double[] saved, Consumed consumed) {
            TrackState[] states = new TrackState[children.size()];
            Saved in = restoreChildren(saved, states, consumed);
            in.end();
            return new State(this, states);
        }
    }

    private static final class State implements TrackState {
        final Logic r;
        final TrackState[] states;

        State(Logic r, TrackState[] states) {
            this.r = r;
            this.states = states;
        }

        @Override
        public TrackAssessment next(int occasion, double value) {
            return combine(occasion, value, null);
        }

        @Override
        public TrackAssessment next(int occasion, double[] values) {
            return values.length == 1 ? combine(occasion, values[0], null) : combine(occasion, 0, values);
        }

        private TrackAssessment combine(int occasion, double value, double[] values) {
            TrackAssessment[] as = new TrackAssessment[states.length];
            int not = 0;
            int insufficient = 0;
            for (int i = 0; i < states.length; i++) {
                as[i] = step(states[i], occasion, value, values);
                not += as[i].status() == TrackStatus.NOT_ON_TRACK ? 1 : 0;
                insufficient += as[i].status() == TrackStatus.INSUFFICIENT_DATA ? 1 : 0;
            }
            TrackStatus status;
            if (r.all) {
                status = not == states.length ? TrackStatus.NOT_ON_TRACK
                        : insufficient > 0 ? TrackStatus.INSUFFICIENT_DATA : TrackStatus.ON_TRACK;
            } else {
                status = not > 0 ? TrackStatus.NOT_ON_TRACK
                        : insufficient == states.length ? TrackStatus.INSUFFICIENT_DATA : TrackStatus.ON_TRACK;
            }
            TrackStatus verdict = status;
            // reasons and details are gathered on first access only (the monitor reads statuses)
            return TrackAssessment.lazy(occasion, status, r.ref(), () -> explain(as, verdict));
        }

        private static TrackAssessment.Explanation explain(TrackAssessment[] as, TrackStatus status) {
            TreeMap<String, Object> d = new TreeMap<>();
            for (int i = 0; i < as.length; i++) {
                d.put("rule" + (i + 1), as[i].rule().spec());
                d.put("rule" + (i + 1) + ".status", as[i].status().name());
            }
            List<Finding> reasons = new ArrayList<>();
            for (TrackAssessment a : as) {
                if (status == TrackStatus.ON_TRACK ? a.status() != TrackStatus.NOT_ON_TRACK : a.status() == status) {
                    reasons.addAll(a.reasons());
                }
            }
            if (reasons.isEmpty()) {
                for (TrackAssessment a : as) {
                    reasons.addAll(a.reasons());
                }
            }
            return new TrackAssessment.Explanation(List.copyOf(reasons), d);
        }

        @Override
        public double[] save() {
            return Logic.encode(states);
        }
    }

    private static TrackAssessment step(TrackState s, int occasion, double value, double[] values) {
        return values == null ? s.next(occasion, value) : s.next(occasion, values);
    }
}
