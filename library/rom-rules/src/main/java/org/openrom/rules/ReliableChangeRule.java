package org.openrom.rules;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.Psychometrics;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.change.ChangeCategory;
import org.openrom.rules.change.ChangeStatistics;
import org.openrom.rules.change.Cutoffs;
import org.openrom.rules.change.RciMethod;
import org.openrom.rules.change.RciParameters;
import org.openrom.rules.internal.Say;
import org.openrom.rules.internal.BaselineRule;

/**
 * {@code reliable-change} — per occasion, the reliable change index of the current score against the
 * baseline (pre = baseline, post = current) by any {@link RciMethod} (Jacobson &amp; Truax 1991 and
 * successors; formulas in {@link RciMethod}); NOT on reliable deterioration. With a cut-off
 * ({@link Cutoffs}) the category also says recovered or harmed.
 *
 * <p>Population parameters default to the scale's psychometrics: {@code reliability}, {@code sd-pre} and
 * {@code mean-pre} (clinical SD and mean), {@code mean-functional}/{@code sd-functional}. A scale that
 * does not publish them (e.g. ODSIS has no published clinical SD) needs them as parameters; the error
 * names what is missing.
 */
public final class ReliableChangeRule extends RuleProviderBase {
    /** The rule id. */
    public static final String ID = "reliable-change";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public ReliableChangeRule() {
        super(ID, "1", "NOT on reliable deterioration from baseline by the reliable change index (JT, GLN, HLL, EN, NK, HA).",
                ParameterDescriptor.scale("scale", "odsis.total", "the scale to read"),
                ParameterDescriptor.choice("method", "jt", List.of("jt", "gln", "hll", "en", "nk", "ha"),
                        "reliable change index method"),
                ParameterDescriptor.optionalDecimal("reliability", 0.0001, 0.9999,
                        "reliability r (default: the scale's published reliability)"),
                ParameterDescriptor.optionalDecimal("sd-pre", 1e-9, 1e9,
                        "pre-treatment SD, SD1 (default: the scale's clinical SD)"),
                ParameterDescriptor.optionalDecimal("mean-pre", -1e9, 1e9,
                        "pre-treatment mean, M1 (default: the scale's clinical mean; gln, hll, en, nk, ha and cut-offs)"),
                ParameterDescriptor.optionalDecimal("mean-post", -1e9, 1e9, "post-treatment mean (hll, ha)"),
                ParameterDescriptor.optionalDecimal("sd-post", 1e-9, 1e9, "post-treatment SD (ha)"),
                ParameterDescriptor.optionalDecimal("r-pre-post", -1, 1, "pre-post correlation (ha)"),
                ParameterDescriptor.optionalDecimal("critical", 0.01, 100,
                        "critical |index| (default: jt, gln, hll, nk 1.96; en 2; ha 1.65)"),
                ParameterDescriptor.choice("cutoff", "none", List.of("none", "a", "b", "c"),
                        "clinical-significance cut-off for recovered/harmed"),
                ParameterDescriptor.choice("cutoff-variant", "jt", List.of("jt", "package"),
                        "SD used by cut-off b: functional (Jacobson & Truax) or clinical (R package)"),
                ParameterDescriptor.optionalDecimal("mean-functional", -1e9, 1e9,
                        "functional mean M0 (default: the scale's functional mean)"),
                ParameterDescriptor.optionalDecimal("sd-functional", 1e-9, 1e9,
                        "functional SD SD0 (default: the scale's functional SD)"));
    }

    @Override
    public TrackRule create(RuleParameters p, RuleEnvironment environment) {
        Scale scale = p.scale("scale");
        Psychometrics ps = scale.psychometrics();
        RciMethod method = RciMethod.valueOf(p.choice("method").toUpperCase(Locale.ROOT));
        double r = or(p.optionalDecimal("reliability"), ps.reliability(), "reliability", scale);
        double sd = or(p.optionalDecimal("sd-pre"), ps.clinicalSd(), "sd-pre", scale);
        boolean needMean = method.needsMeanPre() || !p.choice("cutoff").equals("none");
        double mPre = needMean ? or(p.optionalDecimal("mean-pre"), ps.clinicalMean(), "mean-pre", scale) : Double.NaN;
        double mPost = method.needsMeanPost() ? or(p.optionalDecimal("mean-post"), OptionalDouble.empty(), "mean-post", scale)
                : Double.NaN;
        double sdPost = method.needsPostSdAndCorrelation()
                ? or(p.optionalDecimal("sd-post"), OptionalDouble.empty(), "sd-post", scale) : Double.NaN;
        double rho = method.needsPostSdAndCorrelation()
                ? or(p.optionalDecimal("r-pre-post"), OptionalDouble.empty(), "r-pre-post", scale) : Double.NaN;
        RciParameters params = new RciParameters(r, mPre, sd, mPost, sdPost, rho).checkFor(method);
        OptionalDouble cutoff = OptionalDouble.empty();
        if (!p.choice("cutoff").equals("none")) {
            Cutoffs.Kind kind = Cutoffs.Kind.valueOf(p.choice("cutoff").toUpperCase(Locale.ROOT));
            double m0 = kind == Cutoffs.Kind.A ? Double.NaN
                    : or(p.optionalDecimal("mean-functional"), ps.functionalMean(), "mean-functional", scale);
            double sd0 = kind == Cutoffs.Kind.A ? Double.NaN
                    : or(p.optionalDecimal("sd-functional"), ps.functionalSd(), "sd-functional", scale);
            Cutoffs.Variant variant = p.choice("cutoff-variant").equals("jt") ? Cutoffs.Variant.JT : Cutoffs.Variant.PACKAGE;
            cutoff = OptionalDouble.of(Cutoffs.cutoff(kind, variant, scale.direction(), mPre, sd, m0, sd0));
        }
        // the rule's version 1 documents the 1.x values; rom change follows the current package
        double critical = p.optionalDecimal("critical").orElse(method.critical(RciMethod.CriticalValues.CLINICALSIGNIFICANCE_1));
        return new Rule(p, scale, method, params, critical, cutoff);
    }

    private static double or(OptionalDouble given, OptionalDouble published, String name, Scale scale) {
        if (given.isPresent()) {
            return given.getAsDouble();
        }
        if (published.isPresent()) {
            return published.getAsDouble();
        }
        throw new ValidationException("rule " + ID, name, "absent",
                "a value for '" + name + "': scale " + scale.qualifiedId() + " does not publish one");
    }

    private static final class Rule extends BaselineRule {
        final RciMethod method;
        final RciParameters params;
        final double critical;
        final OptionalDouble cutoff;
        final Direction dir;
        final RciMethod.Kernel kernel;

        Rule(RuleParameters p, Scale s, RciMethod method, RciParameters params, double critical, OptionalDouble cutoff) {
            super(p, s, ID, Keeps.BASELINE);
            this.method = method;
            this.params = params;
            this.kernel = method.kernel(params);
            this.critical = critical;
            this.cutoff = cutoff;
            this.dir = s.direction();
        }

        TreeMap<String, Object> details() {
            TreeMap<String, Object> d = new TreeMap<>();
            d.put("critical", critical);
            cutoff.ifPresent(c -> d.put("cutoff", c));
            return d;
        }

        @Override
        protected TrackAssessment judge(int occasion, double x, double baseline, double previous, int baseOccasion) {
            double index = kernel.index(baseline, x);
            double directed = dir == Direction.HIGHER_IS_BETTER ? index : -index;
            ChangeCategory cat = ChangeStatistics.categorise(directed, critical, cutoff, baseline, x, dir);
            boolean worse = cat == ChangeCategory.DETERIORATED || cat == ChangeCategory.HARMED;
            TrackStatus status = worse ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK;
            return TrackAssessment.lazy(occasion, status, ref(), () -> explain(this, occasion, x, baseline, index, cat));
        }

        @Override
        protected TrackAssessment first(int occasion, double x) {
            return baseline(occasion, x, details());
        }
    }

    private static java.util.Map<String, String> rcArgs(Rule r, int occasion, double x, double base, double index,
            ChangeCategory cat, boolean critical) {
        java.util.Map<String, String> a = new java.util.TreeMap<>(java.util.Map.of("scale", r.scale.label(), "score",
                Say.num(x), "session", String.valueOf(occasion), "baseline", Say.num(base), "method", r.method.name(),
                "rci", Say.num(index), "category", cat.label()));
        if (critical) {
            a.put("critical", Say.num(r.critical));
        }
        return a;
    }

    private static TrackAssessment.Explanation explain(Rule r, int occasion, double x, double base, double index,
            ChangeCategory cat) {
        TreeMap<String, Object> d = r.details();
        d.put("baseline", base);
        d.put("rci", index);
        d.put("category", cat.label());
        String head = r.labelled(x) + " at " + Say.session(occasion) + " against baseline " + Say.num(base)
                + ": RCI (" + r.method.name() + ") " + Say.num(index);
        Finding f;
        if (cat == ChangeCategory.DETERIORATED || cat == ChangeCategory.HARMED) {
            String how = cat == ChangeCategory.HARMED ? "deteriorated across the cut-off (harmed)" : "deteriorated";
            f = Finding.of("reliable-deterioration", head + " beyond ±" + Say.num(r.critical) + ": reliably " + how,
                    rcArgs(r, occasion, x, base, index, cat, true));
        } else {
            f = Finding.of("on-track", head + ": " + cat.label(), rcArgs(r, occasion, x, base, index, cat, false));
        }
        return new TrackAssessment.Explanation(List.of(f), d);
    }
}
