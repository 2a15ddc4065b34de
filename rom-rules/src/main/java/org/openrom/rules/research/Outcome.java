package org.openrom.rules.research;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.openrom.core.RuleSpecException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.RuleSpec;
import org.openrom.core.track.ScoreSeries;

/**
 * An end-of-treatment outcome that NOT rules are judged against, from the first to the last observation of a scale:
 * <ul>
 * <li>{@code not-improved:scale=S,by=X}: poor when the improvement from the first to the last score is below
 * {@code X} points (default: the scale's published reliable change, e.g. PHQ-9 6);</li>
 * <li>{@code case-at-end:scale=S,cutoff=C}: poor when the last score is at or on the worse side of {@code C} (default:
 * the scale's clinical cut-off).</li>
 * </ul>
 * The scale defaults to {@code odsis.total}. A patient with fewer than two observations of the scale has no outcome.
 */
public final class Outcome {
    /** The outcome definitions. */
    public enum Kind {
        /** Improvement below a number of points. */
        NOT_IMPROVED("not-improved", "by"),
        /** A case at the end. */
        CASE_AT_END("case-at-end", "cutoff");

        private final String id;
        private final String parameter;

        Kind(String id, String parameter) {
            this.id = id;
            this.parameter = parameter;
        }

        /** @return the id used in specs */
        public String id() {
            return id;
        }
    }

    private final Kind kind;
    private final Scale scale;
    private final double threshold;

    private Outcome(Kind kind, Scale scale, double threshold) {
        this.kind = kind;
        this.scale = scale;
        this.threshold = threshold;
    }

    /**
     * @param text e.g. {@code not-improved:by=4} or {@code case-at-end:scale=phq9.total,cutoff=10}
     * @param scales resolves a scale name (installed or external)
     * @return the outcome
     * @throws RuleSpecException for an unknown outcome or parameter, a scale that is not there, a non-finite or
     *     impossible threshold, or a scale that publishes no default
     */
    public static Outcome parse(String text, Function<String, Optional<Scale>> scales) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(scales, "scales");
        RuleSpec os = RuleSpec.parse(text);
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.id.equals(os.id())) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new RuleSpecException("Unknown outcome '" + os.id() + "'; accepted: not-improved, case-at-end");
        }
        for (String key : os.parameters().keySet()) {
            if (!key.equals("scale") && !key.equals(kind.parameter)) {
                throw new RuleSpecException("Unknown parameter '" + key + "' for outcome '" + os.id() + "'; accepted: "
                        + List.of("scale", kind.parameter));
            }
        }
        String name = os.parameters().containsKey("scale") ? os.parameters().get("scale").toString() : "odsis.total";
        Scale scale = scales.apply(name).orElseThrow(() -> new RuleSpecException("Outcome scale '" + name
                + "' is neither installed nor in the input"));
        double threshold;
        if (os.parameters().containsKey(kind.parameter)) {
            String v = os.parameters().get(kind.parameter).toString();
            try {
                threshold = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new RuleSpecException("Outcome parameter " + kind.parameter + "=" + v + ": expected a number");
            }
            if (!Double.isFinite(threshold) || kind == Kind.NOT_IMPROVED && threshold <= 0) {
                throw new RuleSpecException("Outcome parameter " + kind.parameter + "=" + v + ": expected a finite "
                        + (kind == Kind.NOT_IMPROVED ? "number > 0" : "number"));
            }
        } else {
            OptionalDouble published = kind == Kind.NOT_IMPROVED ? scale.psychometrics().reliableChange() : scale.cutoff();
            if (published.isEmpty()) {
                throw new RuleSpecException("Outcome '" + os.id() + "' needs " + kind.parameter + "=…: scale "
                        + scale.qualifiedId() + " publishes no " + (kind == Kind.NOT_IMPROVED ? "reliable change" : "cut-off"));
            }
            threshold = published.getAsDouble();
        }
        return new Outcome(kind, scale, threshold);
    }

    /** @return the definition */
    public Kind kind() {
        return kind;
    }

    /** @return the scale it reads */
    public Scale scale() {
        return scale;
    }

    /** @return the threshold: points of improvement ({@code by}) or the cut-off */
    public double threshold() {
        return threshold;
    }

    /** @return the canonical spec, every parameter included */
    public String spec() {
        String t = threshold == Math.rint(threshold) ? String.valueOf((long) threshold) : String.valueOf(threshold);
        return kind.id + ":" + kind.parameter + "=" + t + ",scale=" + scale.qualifiedId();
    }

    /**
     * @param series the patient's series on {@link #scale()}
     * @return whether the outcome is poor, or empty with fewer than two observations
     */
    public Optional<Boolean> poor(ScoreSeries series) {
        Objects.requireNonNull(series, "series");
        if (series.size() < 2) {
            return Optional.empty();
        }
        double first = series.value(0);
        double last = series.value(series.size() - 1);
        if (kind == Kind.NOT_IMPROVED) {
            return Optional.of(-scale.direction().worsening(first, last) < threshold);
        }
        return Optional.of(scale.direction() == Direction.LOWER_IS_BETTER ? last >= threshold : last <= threshold);
    }

    @Override
    public String toString() {
        return spec();
    }
}
