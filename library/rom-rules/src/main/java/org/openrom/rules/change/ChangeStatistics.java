package org.openrom.rules.change;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;

/**
 * Cohort pre/post change analysis in the style of the R package clinicalsignificance (Claus et al.
 * 2024): reliable change by any {@link RciMethod}, optional cut-off ({@link Cutoffs}), categories and
 * counts. Pure functions; thread-safe.
 *
 * <p>Sample statistics (means, SDs with n − 1, Pearson correlation) come from the complete pairs given.
 * SD_pre defaults to the sample SD of the pre scores and can be replaced by a published value. A
 * patient is reliably improved when {@code d·index > critical}, reliably deteriorated when
 * {@code d·index < −critical}, with {@code d = +1} when higher is better and {@code −1} otherwise. The default
 * critical values are those of the current package, 2.x ({@link RciMethod.CriticalValues}).
 * With a cut-off: recovered = reliably improved, clinical before and functional after; harmed = reliably
 * deteriorated, functional before and clinical after; a score exactly at the cut-off belongs to neither population
 * by default ({@link Cutoffs.Tie}). With HA the cut-off is Hageman &amp; Arrindell's true-score cut-off
 * ({@link Cutoffs#trueScoreCutoff}) and recovery their individual criterion (Hageman &amp; Arrindell 1999, as in the
 * package): a clinical pre score, reliable improvement, and a post true score reliably beyond the cut-off,
 * {@code CS_indiv = (M_post + (post − M_post)·r_post − cutoff) / (√r_post · SE)} with {@code d·CS_indiv > critical},
 * {@code r_post = (SD_post² − SE²) / SD_post²}; HA defines no harmed category.
 */
public final class ChangeStatistics {
    private ChangeStatistics() {
    }

    /**
     * @param method the RCI method
     * @param reliability r in (0, 1)
     * @param direction which end is healthy
     * @return options to refine and pass to {@link #analyse}
     */
    public static Options options(RciMethod method, double reliability, Direction direction) {
        return new Options(method, reliability, direction);
    }

    /**
     * Analyses complete pairs.
     *
     * @param pairs at least two complete pairs
     * @param options method, reliability, direction, cut-off
     * @return the analysis
     * @throws ValidationException when the sample cannot support the method (too few pairs, zero SD…)
     */
    public static ChangeAnalysis analyse(List<PrePost> pairs, Options options) {
        int n = pairs.size();
        String[] ids = new String[n];
        double[] pre = new double[n];
        double[] post = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = pairs.get(i).patientId();
            pre[i] = pairs.get(i).pre();
            post[i] = pairs.get(i).post();
        }
        return analyse(ids, pre, post, options);
    }

    /**
     * Analyses complete pairs given column-wise (the allocation-light path for large cohorts). The arrays are
     * copied.
     *
     * @param ids patient ids
     * @param preScores pre scores (finite)
     * @param postScores post scores (finite), same length
     * @param options method, reliability, direction, cut-off
     * @return the analysis
     * @throws ValidationException for mismatched lengths, non-finite scores, or a sample that cannot support the method
     */
    public static ChangeAnalysis analyse(String[] ids, double[] preScores, double[] postScores, Options options) {
        Objects.requireNonNull(options, "options");
        int n = preScores.length;
        if (ids.length != n || postScores.length != n) {
            throw new ValidationException("change analysis", "arrays", ids.length + "/" + n + "/" + postScores.length,
                    "as many ids, pre and post scores");
        }
        if (n < 2) {
            throw new ValidationException("change analysis", "pairs", String.valueOf(n),
                    "at least 2 complete pre/post pairs (sample SD needs n >= 2)");
        }
        // pass 1: copy (the result is immutable), finiteness and sums; pass 2: squares and cross products
        // (centred, for accuracy)
        double[] pre = new double[n];
        double[] post = new double[n];
        double sumPre = 0;
        double sumPost = 0;
        for (int i = 0; i < n; i++) {
            double a = preScores[i];
            double b = postScores[i];
            if (!Double.isFinite(a) || !Double.isFinite(b)) {
                throw new ValidationException("change analysis", "pair " + i, a + "/" + b, "finite scores");
            }
            pre[i] = a;
            post[i] = b;
            sumPre += a;
            sumPost += b;
        }
        double mPre = sumPre / n;
        double mPost = sumPost / n;
        double ssPre = 0;
        double ssPost = 0;
        double sp = 0;
        for (int i = 0; i < n; i++) {
            double a = pre[i] - mPre;
            double b = post[i] - mPost;
            ssPre += a * a;
            ssPost += b * b;
            sp += a * b;
        }
        double sPre = Math.sqrt(ssPre / (n - 1));
        double sPost = Math.sqrt(ssPost / (n - 1));
        double corr = sPre > 0 && sPost > 0 ? sp / (n - 1) / (sPre * sPost) : Double.NaN;
        double sdUsed = options.sdPre.orElse(sPre);
        if (!(sdUsed > 0)) {
            throw new ValidationException("change analysis", "sdPre", String.valueOf(sdUsed),
                    "an SD > 0: all pre scores are equal; give a published SD with --sd-pre");
        }
        RciParameters params = new RciParameters(options.reliability, mPre, sdUsed, mPost, sPost, corr,
                options.reliabilityPost.orElse(options.reliability)).checkFor(options.method);
        double critical = options.critical.orElse(options.method.critical(options.criticalValues));
        Classifier classifier = classifier(options, critical, mPre, sdUsed, mPost, sPost);
        OptionalDouble cutoff = classifier.cutoff;
        int[] counts = new int[ChangeCategory.values().length];
        RciMethod.Kernel kernel = options.method.kernel(params);
        if (cutoff.isEmpty()) {
            // the common case, without the cut-off: categorise's improved / deteriorated / unchanged, inlined
            double d = directed(options.direction, 1);
            int improved = 0;
            int deteriorated = 0;
            for (int i = 0; i < n; i++) {
                double di = d * kernel.index(pre[i], post[i]);
                improved += di > critical ? 1 : 0;
                deteriorated += di < -critical ? 1 : 0;
            }
            counts[ChangeCategory.IMPROVED.ordinal()] = improved;
            counts[ChangeCategory.DETERIORATED.ordinal()] = deteriorated;
            counts[ChangeCategory.UNCHANGED.ordinal()] = n - improved - deteriorated;
        } else {
            for (int i = 0; i < n; i++) {
                counts[classifier.category(kernel.index(pre[i], post[i]), pre[i], post[i]).ordinal()]++;
            }
        }
        return new ChangeAnalysis(options.method, mPre, sPre, mPost, sPost, corr, params, critical, cutoff, new IdColumn(ids), pre,
                post, kernel, options.direction, counts, classifier, options.tie, options.criticalValues);
    }

    /** Categorises each pair: by the critical value alone, or also against the cut-off (HA: on true scores). */
    private static Classifier classifier(Options options, double critical, double mPre, double sdUsed, double mPost,
            double sPost) {
        if (options.cutoff == null) {
            return new Classifier(critical, OptionalDouble.empty(), options.tie, options.direction, Double.NaN, Double.NaN,
                    Double.NaN);
        }
        double m1 = options.clinicalMean.orElse(mPre);
        double sd1 = options.clinicalSd.orElse(sdUsed);
        double m0 = options.functionalMean.orElse(Double.NaN);
        double sd0 = options.functionalSd.orElse(Double.NaN);
        if (options.method != RciMethod.HA) {
            OptionalDouble cutoff = OptionalDouble.of(Cutoffs.cutoff(options.cutoff, options.variant, options.direction,
                    m1, sd1, m0, sd0));
            return new Classifier(critical, cutoff, options.tie, options.direction, Double.NaN, Double.NaN, Double.NaN);
        }
        OptionalDouble cutoff = OptionalDouble.of(Cutoffs.trueScoreCutoff(options.cutoff, options.variant,
                options.direction, m1, sd1, m0, sd0, options.reliability));
        double se = sdUsed * Math.sqrt(1 - options.reliability);
        double rPost = (sPost * sPost - se * se) / (sPost * sPost);
        if (!(rPost > 0)) {
            throw new ValidationException("change analysis", "sdPost", String.valueOf(sPost), "a post SD larger "
                    + "than the standard error of measurement " + se + " (HA true-score reliability at post > 0)");
        }
        return new Classifier(critical, cutoff, options.tie, options.direction, mPost, rPost, se);
    }

    /** The per-patient category of an analysis: index, critical value, cut-off and its tie rule, HA's criterion. */
    static final class Classifier {
        private final double critical;
        private final OptionalDouble cutoff;
        private final Cutoffs.Tie tie;
        private final Direction direction;
        private final double meanPost;
        private final double reliabilityPost;
        private final double se;

        Classifier(double critical, OptionalDouble cutoff, Cutoffs.Tie tie, Direction direction, double meanPost,
                double reliabilityPost, double se) {
            this.critical = critical;
            this.cutoff = cutoff;
            this.tie = tie;
            this.direction = direction;
            this.meanPost = meanPost;
            this.reliabilityPost = reliabilityPost;
            this.se = se;
        }

        /** @return whether recovery follows Hageman &amp; Arrindell's individual criterion */
        boolean hageman() {
            return !Double.isNaN(se);
        }

        ChangeCategory category(double index, double pre, double post) {
            double di = directed(direction, index);
            boolean improved = di > critical;
            boolean deteriorated = di < -critical;
            if (cutoff.isPresent()) {
                double c = cutoff.getAsDouble();
                if (hageman()) {
                    double h = direction == Direction.LOWER_IS_BETTER ? -1 : 1;
                    boolean clinicalPre = tie == Cutoffs.Tie.CLINICAL ? h * (pre - c) <= 0 : h * (pre - c) < 0;
                    double csIndiv = (meanPost + (post - meanPost) * reliabilityPost - c) / (Math.sqrt(reliabilityPost) * se);
                    if (improved && clinicalPre && h * csIndiv > critical) {
                        return ChangeCategory.RECOVERED;
                    }
                } else {
                    if (improved && Cutoffs.crossed(pre, post, c, direction, tie, true)) {
                        return ChangeCategory.RECOVERED;
                    }
                    if (deteriorated && Cutoffs.crossed(pre, post, c, direction, tie, false)) {
                        return ChangeCategory.HARMED;
                    }
                }
            }
            return improved ? ChangeCategory.IMPROVED : deteriorated ? ChangeCategory.DETERIORATED : ChangeCategory.UNCHANGED;
        }
    }

    /** @return the index signed so that positive means improvement */
    static double directed(Direction direction, double index) {
        return (direction == Direction.HIGHER_IS_BETTER ? 1 : -1) * index;
    }

    /**
     * The category with a score at the cut-off counted as clinical ({@link Cutoffs.Tie#CLINICAL}), as the
     * reliable-change rule uses it.
     *
     * @param directedIndex the index times +1 (higher is better) or −1 (lower is better)
     * @param critical the critical value
     * @param cutoff the cut-off, if any
     * @param pre the pre score
     * @param post the post score
     * @param direction which end is healthy
     * @return the category
     */
    public static ChangeCategory categorise(double directedIndex, double critical, OptionalDouble cutoff, double pre,
            double post, Direction direction) {
        java.util.Objects.requireNonNull(cutoff, "cutoff");
        boolean improved = directedIndex > critical;
        boolean deteriorated = directedIndex < -critical;
        if (cutoff.isPresent()) {
            boolean preFunctional = Cutoffs.functional(pre, cutoff.getAsDouble(), direction);
            boolean postFunctional = Cutoffs.functional(post, cutoff.getAsDouble(), direction);
            if (improved && !preFunctional && postFunctional) {
                return ChangeCategory.RECOVERED;
            }
            if (deteriorated && preFunctional && !postFunctional) {
                return ChangeCategory.HARMED;
            }
        }
        return improved ? ChangeCategory.IMPROVED : deteriorated ? ChangeCategory.DETERIORATED : ChangeCategory.UNCHANGED;
    }

    /** Options of an analysis; mutable builder-style, not thread-safe. */
    public static final class Options {
        final RciMethod method;
        final double reliability;
        final Direction direction;
        OptionalDouble critical = OptionalDouble.empty();
        OptionalDouble sdPre = OptionalDouble.empty();
        Cutoffs.Kind cutoff;
        Cutoffs.Variant variant = Cutoffs.Variant.JT;
        OptionalDouble clinicalMean = OptionalDouble.empty();
        OptionalDouble clinicalSd = OptionalDouble.empty();
        OptionalDouble functionalMean = OptionalDouble.empty();
        OptionalDouble functionalSd = OptionalDouble.empty();
        OptionalDouble reliabilityPost = OptionalDouble.empty();
        RciMethod.CriticalValues criticalValues = RciMethod.CriticalValues.CLINICALSIGNIFICANCE_2;
        Cutoffs.Tie tie = Cutoffs.Tie.NEITHER;

        private Options(RciMethod method, double reliability, Direction direction) {
            this.method = Objects.requireNonNull(method, "method");
            this.direction = Objects.requireNonNull(direction, "direction");
            if (!(reliability > 0 && reliability < 1)) {
                throw new ValidationException("change analysis", "reliability", String.valueOf(reliability),
                        "a number in (0, 1)");
            }
            this.reliability = reliability;
        }

        /** @return this, with a critical |index| other than the method's default */
        public Options critical(double c) {
            if (!(c > 0) || !Double.isFinite(c)) {
                throw new ValidationException("change analysis", "critical", String.valueOf(c), "a number > 0");
            }
            critical = OptionalDouble.of(c);
            return this;
        }

        /**
         * @param values the set of default critical values (used unless {@link #critical(double)} gives one)
         * @return this
         */
        public Options criticalValues(RciMethod.CriticalValues values) {
            criticalValues = Objects.requireNonNull(values, "values");
            return this;
        }

        /**
         * @param tie where a score exactly at the cut-off belongs (default {@link Cutoffs.Tie#NEITHER})
         * @return this
         */
        public Options tie(Cutoffs.Tie tie) {
            this.tie = Objects.requireNonNull(tie, "tie");
            return this;
        }

        /**
         * @param r the instrument's reliability at post, in (0, 1), for NK (default: the pre reliability)
         * @return this
         */
        public Options reliabilityPost(double r) {
            if (!(r > 0 && r < 1)) {
                throw new ValidationException("change analysis", "reliabilityPost", String.valueOf(r), "a number in (0, 1)");
            }
            if (method != RciMethod.NK) {
                throw new ValidationException("change analysis", "reliabilityPost", String.valueOf(r),
                        "no post reliability: only NK uses one (method " + method + ")");
            }
            reliabilityPost = OptionalDouble.of(r);
            return this;
        }

        /** @return this, with a published SD_pre instead of the sample's */
        public Options sdPre(double sd) {
            if (!(sd > 0) || !Double.isFinite(sd)) {
                throw new ValidationException("change analysis", "sdPre", String.valueOf(sd), "a finite number > 0");
            }
            sdPre = OptionalDouble.of(sd);
            return this;
        }

        /**
         * Adds a clinical-significance cut-off. The clinical mean and SD default to the sample's pre
         * mean and the SD_pre used.
         *
         * @param kind a, b or c
         * @param variant the SD used by b
         * @param functionalMean M₀ (ignored by a; NaN when unknown)
         * @param functionalSd SD₀ (ignored by a; NaN when unknown)
         * @return this
         */
        public Options cutoff(Cutoffs.Kind kind, Cutoffs.Variant variant, double functionalMean, double functionalSd) {
            cutoff = Objects.requireNonNull(kind, "kind");
            this.variant = Objects.requireNonNull(variant, "variant");
            this.functionalMean = Double.isNaN(functionalMean) ? OptionalDouble.empty() : OptionalDouble.of(functionalMean);
            this.functionalSd = Double.isNaN(functionalSd) ? OptionalDouble.empty() : OptionalDouble.of(functionalSd);
            return this;
        }

        /** @return this, with published clinical norms M₁ and SD₁ for the cut-off */
        public Options clinicalNorms(double mean, double sd) {
            clinicalMean = OptionalDouble.of(mean);
            clinicalSd = OptionalDouble.of(sd);
            return this;
        }
    }
}
