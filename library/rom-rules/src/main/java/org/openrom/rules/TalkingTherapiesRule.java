package org.openrom.rules;

import java.util.List;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.StateCodec;
import org.openrom.core.track.spi.TrackState;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.internal.StatefulRule;
import org.openrom.rules.internal.Say;

/**
 * {@code talking-therapies} — NHS Talking Therapies (formerly IAPT) outcome definitions for a PHQ-9 +
 * GAD-7 pair (NHS England, NHS Talking Therapies Manual; docs/rules.md). It reads both scales and assesses only occasions where both were scored.
 * <ul>
 * <li>case: PHQ-9 ≥ {@code phq-caseness} (10) or GAD-7 ≥ {@code gad-caseness} (8);</li>
 * <li>reliable improvement: a fall of at least {@code phq-reliable} (6) on PHQ-9 or {@code gad-reliable}
 * (4) on GAD-7, and no reliable deterioration on the other;</li>
 * <li>reliable deterioration: a rise of at least 6 on PHQ-9 or 4 on GAD-7 — NOT_ON_TRACK;</li>
 * <li>recovery: a case at baseline and not a case now; reliable recovery: recovery and reliable
 * improvement.</li>
 * </ul>
 * The first paired occasion is the baseline (INSUFFICIENT_DATA). Lower is better on both scales.
 */
public final class TalkingTherapiesRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "talking-therapies";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public TalkingTherapiesRule() {
        super(ID, "1", "NHS Talking Therapies: caseness, reliable improvement/deterioration and recovery on PHQ-9 + GAD-7; "
                + "NOT on reliable deterioration.",
                ParameterDescriptor.scale("phq", "phq9.total", "the depression scale (PHQ-9 total)"),
                ParameterDescriptor.scale("gad", "gad7.total", "the anxiety scale (GAD-7 total)"),
                ParameterDescriptor.decimal("phq-caseness", 10, 0, 1e6, "PHQ-9 score at or above which a patient is a case"),
                ParameterDescriptor.decimal("gad-caseness", 8, 0, 1e6, "GAD-7 score at or above which a patient is a case"),
                ParameterDescriptor.decimal("phq-reliable", 6, 0.01, 1e6, "PHQ-9 reliable change"),
                ParameterDescriptor.decimal("gad-reliable", 4, 0.01, 1e6, "GAD-7 reliable change"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        Scale phq = p.scale("phq");
        Scale gad = p.scale("gad");
        if (phq.qualifiedId().equals(gad.qualifiedId())) {
            throw new ValidationException("rule " + ID, "gad", gad.qualifiedId(), "a scale other than phq");
        }
        return new Rule(p, phq, gad);
    }

    private static final class Rule extends StatefulRule<State> {
        final RuleRef ref;
        final List<String> scales;
        final Scale phq;
        final Scale gad;
        final String phqLabel;
        final String gadLabel;
        final double phqCase;
        final double gadCase;
        final double phqRc;
        final double gadRc;

        Rule(RuleParameters p, Scale phq, Scale gad) {
            super(codec(phq, gad));
            ref = p.ref();
            scales = List.of(phq.qualifiedId(), gad.qualifiedId());
            this.phq = phq;
            this.gad = gad;
            phqLabel = phq.label();
            gadLabel = gad.label();
            phqCase = p.decimal("phq-caseness");
            gadCase = p.decimal("gad-caseness");
            phqRc = p.decimal("phq-reliable");
            gadRc = p.decimal("gad-reliable");
        }

        @Override
        public RuleRef ref() {
            return ref;
        }

        @Override
        public List<String> scales() {
            return scales;
        }

        private static StateCodec<State> codec(Scale phq, Scale gad) {
            return StateCodec.<State>builder(ID)
                    .started(s -> s.started, (s, v) -> s.started = v)
                    .score("phq0", phq, s -> s.started, s -> s.phq0, (s, v) -> s.phq0 = v)
                    .score("gad0", gad, s -> s.started, s -> s.gad0, (s, v) -> s.gad0 = v)
                    .build();
        }

        @Override
        protected State fresh() {
            return new State(this);
        }

        boolean isCase(double phq, double gad) {
            return phq >= phqCase || gad >= gadCase;
        }
    }

    private static final class State implements TrackState {
        final Rule r;
        boolean started;
        double phq0;
        double gad0;

        State(Rule r) {
            this.r = r;
        }

        @Override
        public TrackAssessment next(int occasion, double value) {
            throw new IllegalArgumentException(ID + " reads two scales: " + r.scales);
        }

        @Override
        public TrackAssessment next(int occasion, double[] v) {
            double phq = v[0];
            double gad = v[1];
            boolean isCase = r.isCase(phq, gad);
            if (!started) {
                started = true;
                phq0 = phq;
                gad0 = gad;
                TreeMap<String, Object> d = new TreeMap<>();
                d.put("case", isCase);
                return new TrackAssessment(occasion, TrackStatus.INSUFFICIENT_DATA, List.of(Finding.of("baseline",
                        now(phq, gad) + " at " + Say.session(occasion) + " are the baseline ("
                                + (isCase ? "a case" : "not a case") + ")", java.util.Map.of("phq-label", r.phqLabel, "phq",
                                        Say.num(phq), "gad-label", r.gadLabel, "gad", Say.num(gad), "session",
                                        String.valueOf(occasion), "case", isCase ? "case" : "not-case"))), r.ref, d);
            }
            double dp = phq - phq0;
            double dg = gad - gad0;
            boolean deterioration = dp >= r.phqRc || dg >= r.gadRc;
            double p0 = phq0;
            double g0 = gad0;
            // the sentence and details are built on first access only (the monitor reads statuses)
            return TrackAssessment.lazy(occasion, deterioration ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK, r.ref,
                    () -> explain(occasion, phq, gad, p0, g0, isCase, deterioration));
        }

        private String now(double phq, double gad) {
            return r.phqLabel + " " + Say.num(phq) + " and " + r.gadLabel + " " + Say.num(gad);
        }

        private TrackAssessment.Explanation explain(int occasion, double phq, double gad, double p0, double g0,
                boolean isCase, boolean deterioration) {
            double dp = phq - p0;
            double dg = gad - g0;
            boolean improvement = (-dp >= r.phqRc || -dg >= r.gadRc) && !deterioration;
            boolean caseAtStart = r.isCase(p0, g0);
            boolean recovery = caseAtStart && !isCase;
            TreeMap<String, Object> d = new TreeMap<>();
            d.put("case", isCase);
            d.put("phqChange", dp);
            d.put("gadChange", dg);
            d.put("reliableImprovement", improvement);
            d.put("reliableDeterioration", deterioration);
            d.put("recovery", recovery);
            d.put("reliableRecovery", recovery && improvement);
            d.put("caseAtBaseline", caseAtStart);
            String outcome = deterioration ? "reliable deterioration"
                    : recovery && improvement ? "reliable recovery"
                    : improvement ? "reliable improvement" : recovery ? "recovery without reliable improvement"
                    : "no reliable change";
            String sentence = now(phq, gad) + " at " + Say.session(occasion) + " (baseline " + Say.num(p0) + " and "
                    + Say.num(g0) + "): " + outcome;
            String outcomeCode = deterioration ? "reliable-deterioration" : recovery && improvement ? "reliable-recovery"
                    : improvement ? "reliable-improvement" : recovery ? "recovery-without-reliable-improvement" : "no-reliable-change";
            java.util.Map<String, String> args = new java.util.TreeMap<>(java.util.Map.of("phq-label", r.phqLabel, "phq",
                    Say.num(phq), "gad-label", r.gadLabel, "gad", Say.num(gad), "session", String.valueOf(occasion),
                    "phq-baseline", Say.num(p0), "gad-baseline", Say.num(g0), "outcome", outcomeCode));
            return new TrackAssessment.Explanation(List.of(Finding.of(deterioration ? "reliable-deterioration" : "on-track",
                    sentence, args)), d);
        }

        @Override
        public double[] save() {
            return r.save(this);
        }
    }
}
