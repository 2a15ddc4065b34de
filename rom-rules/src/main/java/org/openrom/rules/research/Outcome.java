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
 * the scale's clinical cut-off);</li>
 * <li>{@code reliable-deterioration:scale=S,by=X}: poor when the last score is at least {@code X} points worse than the
 * first (default: the scale's reliable change; Jacobson &amp; Truax 1991);</li>
 * <li>{@code not-recovered:scale=S,cutoff=C,by=X}: poor unless the patient recovered: a case at the first observation
 * (at or on the worse side of {@code C}), not a case at the last, and improved by at least {@code X} points (reliable
 * recovery in the sense of Jacobson &amp; Truax 1991 and of NHS Talking Therapies); a patient who is not a case at the
 * first observation cannot recover and has no outcome;</li>
 * <li>{@code drop-out:scale=S,before=K}: poor when the patient's last observation comes before occasion {@code K}
 * (the planned end; required): the patient stopped early (a single observation suffices).</li>
 * </ul>
 * The scale defaults to {@code odsis.total}. A patient with fewer than two observations of the scale (one for
 * {@code drop-out}) has no outcome; {@link #exclusion} says why a patient has none.
 */
public final class Outcome {
    /** The outcome definitions. */
    public enum Kind {
        /** Improvement below a number of points. */
        NOT_IMPROVED("not-improved", "by"),
        /** A case at the end. */
        CASE_AT_END("case-at-end", "cutoff"),
        /** A reliable worsening from first to last. */
        RELIABLE_DETERIORATION("reliable-deterioration", "by"),
        /** Not (reliably) recovered: among cases at the first observation. */
        NOT_RECOVERED("not-recovered", "cutoff", "by"),
        /** The last observation before the planned end. */
        DROP_OUT("drop-out", "before");

        private final String id;
        private final List<String> parameters;

        Kind(String id, String... parameters) {
            this.id = id;
            this.parameters = List.of(parameters);
        }

        /** @return the id used in specs */
        public String id() {
            return id;
        }

        /** @return the parameters besides {@code scale}, in spec order */
        public List<String> parameters() {
            return parameters;
        }
    }

    private final Kind kind;
    private final Scale scale;
    private final double threshold;
    private final double by;

    private Outcome(Kind kind, Scale scale, double threshold, double by) {
        this.kind = kind;
        this.scale = scale;
        this.threshold = threshold;
        this.by = by;
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
        List<String> ids = new java.util.ArrayList<>();
        for (Kind k : Kind.values()) {
            ids.add(k.id);
            if (k.id.equals(os.id())) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new RuleSpecException("Unknown outcome '" + os.id() + "'; accepted: " + String.join(", ", ids));
        }
        for (String key : os.parameters().keySet()) {
            if (!key.equals("scale") && !kind.parameters.contains(key)) {
                List<String> accepted = new java.util.ArrayList<>(List.of("scale"));
                accepted.addAll(kind.parameters);
                throw new RuleSpecException("Unknown parameter '" + key + "' for outcome '" + os.id() + "'; accepted: "
                        + accepted);
            }
        }
        String name = os.parameters().containsKey("scale") ? os.parameters().get("scale").toString() : "odsis.total";
        Scale scale = scales.apply(name).orElseThrow(() -> new RuleSpecException("Outcome scale '" + name
                + "' is neither installed nor in the input"));
        double threshold = Double.NaN;
        double by = Double.NaN;
        for (String p : kind.parameters) {
            double v = value(os, kind, p, scale);
            if (p.equals("by")) {
                by = v;
            } else {
                threshold = v;
            }
        }
        if (kind == Kind.NOT_IMPROVED || kind == Kind.RELIABLE_DETERIORATION) {
            threshold = by;
        }
        return new Outcome(kind, scale, threshold, by);
    }

    private static double value(RuleSpec os, Kind kind, String p, Scale scale) {
        if (os.parameters().containsKey(p)) {
            String v = os.parameters().get(p).toString();
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new RuleSpecException("Outcome parameter " + p + "=" + v + ": expected a number");
            }
            boolean positive = p.equals("by");
            boolean occasion = p.equals("before");
            if (!Double.isFinite(d) || positive && d <= 0 || occasion && (d < 1 || d != Math.rint(d))) {
                throw new RuleSpecException("Outcome parameter " + p + "=" + v + ": expected a finite "
                        + (positive ? "number > 0" : occasion ? "whole occasion >= 1" : "number"));
            }
            return d;
        }
        if (p.equals("before")) {
            throw new RuleSpecException("Outcome '" + os.id() + "' needs before=K: the occasion of the planned end");
        }
        OptionalDouble published = p.equals("by") ? scale.psychometrics().reliableChange() : scale.cutoff();
        if (published.isEmpty()) {
            throw new RuleSpecException("Outcome '" + os.id() + "' needs " + p + "=…: scale "
                    + scale.qualifiedId() + " publishes no " + (p.equals("by") ? "reliable change" : "cut-off"));
        }
        return published.getAsDouble();
    }

    /** @return the definition */
    public Kind kind() {
        return kind;
    }

    /** @return the scale it reads */
    public Scale scale() {
        return scale;
    }

    /**
     * @return the threshold: points of change ({@code by}) for not-improved and reliable-deterioration, the cut-off
     *     for case-at-end and not-recovered, the planned end for drop-out
     */
    public double threshold() {
        return threshold;
    }

    /** @return the canonical spec, every parameter included */
    public String spec() {
        StringBuilder sb = new StringBuilder(kind.id).append(':');
        java.util.TreeMap<String, String> ps = new java.util.TreeMap<>();
        for (String p : kind.parameters) {
            ps.put(p, num(p.equals("by") ? by : threshold));
        }
        ps.put("scale", scale.qualifiedId());
        String sep = "";
        for (java.util.Map.Entry<String, String> e : ps.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return sb.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** @return the fewest observations of the scale a patient needs to have this outcome */
    public int minimumObservations() {
        return kind == Kind.DROP_OUT ? 1 : 2;
    }

    /**
     * @param series the patient's series on {@link #scale()}
     * @return why the patient has no outcome ({@code "fewer than two observations of S"}, {@code "not a case at the
     *     first observation"}), or empty when the patient has one
     */
    public Optional<String> exclusion(ScoreSeries series) {
        Objects.requireNonNull(series, "series");
        if (series.size() < minimumObservations()) {
            return Optional.of(series.size() == 0 ? "no observation of " + scale.qualifiedId()
                    : "fewer than two observations of " + scale.qualifiedId());
        }
        if (kind == Kind.NOT_RECOVERED && !isCase(series.value(0))) {
            return Optional.of("not a case at the first observation (cannot recover)");
        }
        return Optional.empty();
    }

    private boolean isCase(double score) {
        return scale.direction() == Direction.LOWER_IS_BETTER ? score >= threshold : score <= threshold;
    }

    /**
     * @param series the patient's series on {@link #scale()}
     * @return whether the outcome is poor, or empty when the patient has no outcome ({@link #exclusion})
     */
    public Optional<Boolean> poor(ScoreSeries series) {
        Objects.requireNonNull(series, "series");
        if (exclusion(series).isPresent()) {
            return Optional.empty();
        }
        double first = series.value(0);
        double last = series.value(series.size() - 1);
        double improvement = -scale.direction().worsening(first, last);
        switch (kind) {
            case NOT_IMPROVED:
                return Optional.of(improvement < threshold);
            case CASE_AT_END:
                return Optional.of(isCase(last));
            case RELIABLE_DETERIORATION:
                return Optional.of(-improvement >= by);
            case NOT_RECOVERED:
                return Optional.of(isCase(last) || improvement < by);
            default:
                return Optional.of(series.occasion(series.size() - 1) < threshold);
        }
    }

    @Override
    public String toString() {
        return spec();
    }
}
