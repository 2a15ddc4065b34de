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
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.internal.Say;
import org.openrom.rules.internal.BaselineRule;
import org.openrom.rules.research.ExpectedResponseModel;

/**
 * {@code expected-response} — expected treatment response (Finch, Lambert &amp; Schaalje 2001; Lutz et
 * al. 1999): NOT when the observed score is worse than the tolerance boundary {@code E(s) ± z·σ} of the
 * {@link ExpectedResponseModel} (plus for lower-is-better scales, minus for higher-is-better).
 * Coefficients are given ({@code b0}–{@code b3}, {@code sigma}) or fitted by least squares from a named
 * reference cohort ({@code reference}). {@code z} defaults to 1.282, a one-sided 90% band — the
 * literature's convention varies (UNVERIFIED), hence a parameter. The baseline (intake) is
 * INSUFFICIENT_DATA.
 */
public final class ExpectedResponseRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "expected-response";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public ExpectedResponseRule() {
        super(ID, "1", "NOT when the score is worse than the expected response curve E(s) = b0 + b1*I + (b2 + b3*I)*ln(s) "
                + "by more than z*sigma (Finch, Lambert & Schaalje 2001).",
                ParameterDescriptor.scale("scale", "odsis.total", "the scale to read"),
                ParameterDescriptor.optionalDecimal("b0", -1e9, 1e9, "intercept"),
                ParameterDescriptor.optionalDecimal("b1", -1e9, 1e9, "intake slope"),
                ParameterDescriptor.optionalDecimal("b2", -1e9, 1e9, "log-session slope"),
                ParameterDescriptor.optionalDecimal("b3", -1e9, 1e9, "intake x log-session interaction"),
                ParameterDescriptor.optionalDecimal("sigma", 1e-9, 1e9, "residual SD around the curve"),
                ParameterDescriptor.optionalText("reference", "name of a reference cohort to fit the curve from"),
                ParameterDescriptor.decimal("z", 1.282, 0, 10, "tolerance in residual SDs (1.282: one-sided 90%)"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        Scale scale = p.scale("scale");
        String[] names = {"b0", "b1", "b2", "b3", "sigma"};
        int given = 0;
        for (String n : names) {
            given += p.optionalDecimal(n).isPresent() ? 1 : 0;
        }
        ExpectedResponseModel model;
        if (p.text("reference").isPresent()) {
            if (given > 0) {
                throw new ValidationException("rule " + ID, "reference", p.text("reference").get(),
                        "either a reference cohort or coefficients b0-b3 and sigma, not both");
            }
            model = ExpectedResponseModel.fit(environment.reference(p.text("reference").get()), scale.qualifiedId());
        } else if (given == names.length) {
            model = new ExpectedResponseModel(p.decimal("b0"), p.decimal("b1"), p.decimal("b2"), p.decimal("b3"),
                    p.decimal("sigma"), 0);
        } else {
            throw new ValidationException("rule " + ID, "b0..b3, sigma", given + " of 5 given",
                    "all of b0, b1, b2, b3 and sigma, or a reference cohort to fit them from");
        }
        return new Rule(p, scale, model, p.decimal("z"));
    }

    private static final class Rule extends BaselineRule {
        final ExpectedResponseModel model;
        final double z;
        final Direction dir;

        Rule(RuleParameters p, Scale s, ExpectedResponseModel model, double z) {
            super(p, s, ID, Keeps.BASELINE_OCCASION);
            this.model = model;
            this.z = z;
            this.dir = s.direction();
        }

        @Override
        protected TrackAssessment judge(int occasion, double x, double baseline, double previous, int baseOccasion) {
            int s = occasion - baseOccasion + 1;
            double expected = model.expected(baseline, s);
            double band = z * model.sigma();
            double boundary = dir == Direction.LOWER_IS_BETTER ? expected + band : expected - band;
            boolean not = dir.isWorse(x, boundary);
            double in = baseline;
            // the sentence and details are built on first access only (the monitor reads statuses)
            return TrackAssessment.lazy(occasion, not ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK, ref(), () -> {
                TreeMap<String, Object> d = new TreeMap<>();
                d.put("intake", in);
                d.put("expected", expected);
                d.put("boundary", boundary);
                d.put(TrackAssessment.EXPECTED_LOW, expected - band);
                d.put(TrackAssessment.EXPECTED_HIGH, expected + band);
                String sentence = labelled(x) + " at " + Say.session(occasion) + " is " + (not ? "worse than" : "within")
                        + " the expected range (expected " + Say.num(expected) + ", boundary " + Say.num(boundary) + ")";
                return new TrackAssessment.Explanation(List.of(Finding.of(not ? "worse-than-expected" : "on-track",
                        sentence, java.util.Map.of("scale", scale.label(), "score", Say.num(x), "session",
                                String.valueOf(occasion), "expected", Say.num(expected), "boundary", Say.num(boundary),
                                "position", not ? "worse-than" : "within"))), d);
            });
        }

        @Override
        protected TrackAssessment first(int occasion, double x) {
            TreeMap<String, Object> d = new TreeMap<>();
            d.put("intake", x);
            return new TrackAssessment(occasion, TrackStatus.INSUFFICIENT_DATA, List.of(Finding.of("baseline",
                    labelled(x) + " at " + Say.session(occasion) + " is the intake score of the expected curve",
                    java.util.Map.of("scale", scale.label(), "score", Say.num(x), "session", String.valueOf(occasion)))),
                    ref(), d);
        }
    }
}
