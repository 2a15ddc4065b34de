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
 * <li>{@code talking-therapies:poor=M,phq=…,gad=…} (and the caseness and reliable-change parameters of the rule):
 * the NHS Talking Therapies definitions on a PHQ-9 + GAD-7 pair, replayed by the {@code talking-therapies} rule to
 * the last occasion with both scores, so the outcome is exactly the rule's flags there; poor when {@code M} holds:
 * {@code not-reliably-recovered} (default) or {@code not-recovered} (among cases at the first paired occasion),
 * {@code not-reliably-improved}, or {@code reliable-deterioration}. {@code pairing=each} judges instead each
 * measure's own first and last score (a patient then needs two scores of each measure, not two occasions with both);
 * the two readings of "first and last" differ when one measure was missed at the start or at the end. The default,
 * {@code paired}, is the rule's.</li>
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
        DROP_OUT("drop-out", "before"),
        /** An NHS Talking Therapies outcome on PHQ-9 + GAD-7. */
        TALKING_THERAPIES("talking-therapies", "poor", "pairing", "phq", "gad", "phq-caseness", "gad-caseness",
                "phq-reliable", "gad-reliable");

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

    /** The Talking Therapies measures that make an outcome poor. */
    private static final List<String> TT_POOR = List.of("not-reliably-recovered", "not-recovered", "not-reliably-improved",
            "reliable-deterioration");

    private final Kind kind;
    private final Scale scale;
    private final double threshold;
    private final double by;
    private final org.openrom.core.track.TrackRule talkingTherapies;
    private final String poorWhen;
    /** Talking Therapies: first and last of each measure on its own ({@code pairing=each}), not of the paired occasions. */
    private final boolean eachMeasure;

    private Outcome(Kind kind, Scale scale, double threshold, double by) {
        this(kind, scale, threshold, by, null, null, false);
    }

    private Outcome(Kind kind, Scale scale, double threshold, double by, org.openrom.core.track.TrackRule tt, String poorWhen,
            boolean eachMeasure) {
        this.kind = kind;
        this.scale = scale;
        this.threshold = threshold;
        this.by = by;
        this.talkingTherapies = tt;
        this.poorWhen = poorWhen;
        this.eachMeasure = eachMeasure;
    }

    /**
     * A patient's outcome, or why there is none.
     *
     * @param exclusion why the patient has no outcome, or null when they have one
     * @param poor whether the outcome is poor (false when excluded)
     * @param lastOccasion the occasion the outcome is measured at (the last observation; −1 when excluded)
     */
    public record Judgement(String exclusion, boolean poor, int lastOccasion) {
        /** @return whether the patient has an outcome */
        public boolean counted() {
            return exclusion == null;
        }
    }

    /**
     * Judges a patient from their whole history (the outcomes that read two scales need it).
     *
     * @param history the patient's history
     * @return the outcome, or why there is none
     */
    public Judgement judge(org.openrom.core.history.PatientHistory history) {
        Objects.requireNonNull(history, "history");
        if (kind != Kind.TALKING_THERAPIES) {
            ScoreSeries s = history.series(scale.qualifiedId());
            Optional<String> why = exclusion(s);
            return why.isPresent() ? new Judgement(why.get(), false, -1)
                    : new Judgement(null, poorOf(s), s.occasion(s.size() - 1));
        }
        List<ScoreSeries> in = new java.util.ArrayList<>();
        for (String sc : talkingTherapies.scales()) {
            in.add(history.series(sc));
        }
        int at;
        List<org.openrom.core.track.TrackAssessment> as;
        if (eachMeasure) {
            // the rule's definitions on each measure's own first and last score, as if they were one pair of occasions
            List<ScoreSeries> ends = new java.util.ArrayList<>();
            at = -1;
            for (ScoreSeries s : in) {
                if (s.size() < 2) {
                    return new Judgement("fewer than two observations of " + s.scale(), false, -1);
                }
                ends.add(ScoreSeries.of(s.patientId(), s.scale(), new int[] {0, 1},
                        new double[] {s.value(0), s.value(s.size() - 1)}));
                at = Math.max(at, s.occasion(s.size() - 1));
            }
            as = talkingTherapies.evaluate(ends);
        } else {
            as = talkingTherapies.evaluate(in);
            if (as.size() < 2) {
                return new Judgement("fewer than two occasions with both " + String.join(" and ", talkingTherapies.scales()),
                        false, -1);
            }
            at = as.get(as.size() - 1).occasion();
        }
        org.openrom.core.track.TrackAssessment last = as.get(as.size() - 1);
        java.util.Map<String, Object> d = last.details();
        boolean recoveryMeasure = poorWhen.equals("not-reliably-recovered") || poorWhen.equals("not-recovered");
        if (recoveryMeasure && !Boolean.TRUE.equals(d.get("caseAtBaseline"))) {
            return new Judgement(eachMeasure ? "not a case at the first scores (cannot recover)"
                    : "not a case at the first paired occasion (cannot recover)", false, -1);
        }
        boolean poor;
        switch (poorWhen) {
            case "not-recovered":
                poor = !Boolean.TRUE.equals(d.get("recovery"));
                break;
            case "not-reliably-improved":
                poor = !Boolean.TRUE.equals(d.get("reliableImprovement"));
                break;
            case "reliable-deterioration":
                poor = Boolean.TRUE.equals(d.get("reliableDeterioration"));
                break;
            default:
                poor = !Boolean.TRUE.equals(d.get("reliableRecovery"));
        }
        return new Judgement(null, poor, at);
    }

    /**
     * @return for a Talking Therapies outcome, the same outcome with the other reading of "first and last"
     *     ({@code pairing=paired} or {@code each}), to count the patients the choice moves; empty for the others
     */
    public Optional<Outcome> otherPairing() {
        return talkingTherapies == null ? Optional.empty()
                : Optional.of(new Outcome(kind, scale, threshold, by, talkingTherapies, poorWhen, !eachMeasure));
    }

    /** @return the scales the outcome reads */
    public List<String> scales() {
        return talkingTherapies != null ? talkingTherapies.scales() : List.of(scale.qualifiedId());
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
        if (kind == Kind.TALKING_THERAPIES) {
            return talkingTherapies(os, scales);
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

    private static Outcome talkingTherapies(RuleSpec os, Function<String, Optional<Scale>> scales) {
        java.util.TreeMap<String, String> ruleParams = new java.util.TreeMap<>();
        String poor = "not-reliably-recovered";
        boolean each = false;
        for (java.util.Map.Entry<String, RuleSpec.Value> e : os.parameters().entrySet()) {
            if (!Kind.TALKING_THERAPIES.parameters.contains(e.getKey())) {
                throw new RuleSpecException("Unknown parameter '" + e.getKey() + "' for outcome 'talking-therapies'; "
                        + "accepted: " + Kind.TALKING_THERAPIES.parameters);
            }
            if (e.getKey().equals("poor")) {
                poor = e.getValue().toString();
                if (!TT_POOR.contains(poor)) {
                    throw new RuleSpecException("Outcome parameter poor=" + poor + ": expected one of " + TT_POOR);
                }
            } else if (e.getKey().equals("pairing")) {
                String pairing = e.getValue().toString();
                if (!pairing.equals("paired") && !pairing.equals("each")) {
                    throw new RuleSpecException("Outcome parameter pairing=" + pairing + ": expected paired (the first and "
                            + "last occasion with both scores) or each (each measure's own first and last score)");
                }
                each = pairing.equals("each");
            } else {
                ruleParams.put(e.getKey(), e.getValue().toString());
            }
        }
        org.openrom.core.track.spi.RuleEnvironment.Builder env = org.openrom.core.track.spi.RuleEnvironment.builder();
        String phq = ruleParams.getOrDefault("phq", "phq9.total");
        String gad = ruleParams.getOrDefault("gad", "gad7.total");
        Scale p = scales.apply(phq).orElseThrow(() -> new RuleSpecException("Outcome scale '" + phq
                + "' is neither installed nor in the input"));
        Scale g = scales.apply(gad).orElseThrow(() -> new RuleSpecException("Outcome scale '" + gad
                + "' is neither installed nor in the input"));
        env.scale(p).scale(g);
        org.openrom.core.track.TrackRule rule = org.openrom.core.track.RuleRegistry.builder()
                .add(new org.openrom.rules.TalkingTherapiesRule()).build()
                .create(RuleSpec.of("talking-therapies", ruleParams), env.build());
        return new Outcome(Kind.TALKING_THERAPIES, p, Double.NaN, Double.NaN, rule, poor, each);
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

    /** @return the scale it reads (for talking-therapies, the depression scale; see {@link #scales()}) */
    public Scale scale() {
        return scale;
    }

    /**
     * @return the threshold: points of change ({@code by}) for not-improved and reliable-deterioration, the cut-off
     *     for case-at-end and not-recovered, the planned end for drop-out (NaN for talking-therapies)
     */
    public double threshold() {
        return threshold;
    }

    /** @return the canonical spec, every parameter included */
    public String spec() {
        if (talkingTherapies != null) {
            String rule = talkingTherapies.ref().spec();
            return kind.id + ":" + rule.substring(rule.indexOf(':') + 1) + ",poor=" + poorWhen + (eachMeasure ? ",pairing=each" : "");
        }
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
     * @param series the patient's series on {@link #scale()} (for the one-scale outcomes; a Talking Therapies outcome
     *     reads two scales: use {@link #judge})
     * @return why the patient has no outcome ({@code "fewer than two observations of S"}, {@code "not a case at the
     *     first observation"}), or empty when the patient has one
     */
    public Optional<String> exclusion(ScoreSeries series) {
        Objects.requireNonNull(series, "series");
        requireOneScale();
        if (series.size() < minimumObservations()) {
            return Optional.of(series.size() == 0 ? "no observation of " + scale.qualifiedId()
                    : "fewer than two observations of " + scale.qualifiedId());
        }
        if (kind == Kind.NOT_RECOVERED && !isCase(series.value(0))) {
            return Optional.of("not a case at the first observation (cannot recover)");
        }
        return Optional.empty();
    }

    private void requireOneScale() {
        if (talkingTherapies != null) {
            throw new IllegalStateException("a talking-therapies outcome reads " + talkingTherapies.scales()
                    + ": judge the patient's history with judge(history)");
        }
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
        requireOneScale();
        return exclusion(series).isPresent() ? Optional.empty() : Optional.of(poorOf(series));
    }

    /** Whether the outcome of a series that has one ({@link #exclusion} empty) is poor. */
    private boolean poorOf(ScoreSeries series) {
        double first = series.value(0);
        double last = series.value(series.size() - 1);
        double improvement = -scale.direction().worsening(first, last);
        switch (kind) {
            case NOT_IMPROVED:
                return improvement < threshold;
            case CASE_AT_END:
                return isCase(last);
            case RELIABLE_DETERIORATION:
                return -improvement >= by;
            case NOT_RECOVERED:
                return isCase(last) || improvement < by;
            default:
                return series.occasion(series.size() - 1) < threshold;
        }
    }

    @Override
    public String toString() {
        return spec();
    }
}
