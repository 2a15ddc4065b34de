package org.openrom.core.instrument;

import java.util.Objects;
import java.util.OptionalDouble;
import org.openrom.core.internal.Checks;

/**
 * Published psychometric properties of a scale, used by change statistics and rules. Every field is
 * optional: a rule that needs an absent value asks for it as a parameter.
 *
 * @param reliability internal consistency or test–retest reliability, in (0, 1)
 * @param clinicalMean mean of a clinical (pre-treatment) population, M₁
 * @param clinicalSd standard deviation of that population, SD₁ (&gt; 0)
 * @param functionalMean mean of a functional (healthy) population, M₀
 * @param functionalSd standard deviation of that population, SD₀ (&gt; 0)
 * @param reliableChange a published minimum reliable change in scale points (&gt; 0)
 * @param meaningfulChange a published minimal important change in scale points (&gt; 0)
 * @param source where these numbers come from
 */
public record Psychometrics(OptionalDouble reliability, OptionalDouble clinicalMean, OptionalDouble clinicalSd,
        OptionalDouble functionalMean, OptionalDouble functionalSd, OptionalDouble reliableChange,
        OptionalDouble meaningfulChange, String source) {

    /** No known psychometrics. */
    public static final Psychometrics NONE = new Psychometrics(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), "");

    /** Validates ranges: reliability in (0, 1), SDs and changes positive, means finite. */
    public Psychometrics {
        Checks.Problems p = new Checks.Problems("psychometrics");
        check(p, "reliability", reliability, 0, 1, true);
        check(p, "clinicalMean", clinicalMean, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);
        check(p, "clinicalSd", clinicalSd, 0, Double.POSITIVE_INFINITY, true);
        check(p, "functionalMean", functionalMean, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);
        check(p, "functionalSd", functionalSd, 0, Double.POSITIVE_INFINITY, true);
        check(p, "reliableChange", reliableChange, 0, Double.POSITIVE_INFINITY, true);
        check(p, "meaningfulChange", meaningfulChange, 0, Double.POSITIVE_INFINITY, true);
        Objects.requireNonNull(source, "source");
        p.throwIfAny();
    }

    private static void check(Checks.Problems p, String field, OptionalDouble v, double lo, double hi,
            boolean exclusiveLow) {
        Objects.requireNonNull(v, field);
        if (v.isEmpty()) {
            return;
        }
        double d = v.getAsDouble();
        boolean ok = Double.isFinite(d) && (exclusiveLow ? d > lo : d >= lo) && (hi == 1 ? d < hi : d <= hi);
        if (!ok) {
            String range = hi == 1 ? "a number in (0, 1)" : lo == 0 ? "a finite number > 0" : "a finite number";
            p.add(field, d, range);
        }
    }

    /** @return a builder starting from no values */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder for {@link Psychometrics}. */
    public static final class Builder {
        private OptionalDouble reliability = OptionalDouble.empty();
        private OptionalDouble clinicalMean = OptionalDouble.empty();
        private OptionalDouble clinicalSd = OptionalDouble.empty();
        private OptionalDouble functionalMean = OptionalDouble.empty();
        private OptionalDouble functionalSd = OptionalDouble.empty();
        private OptionalDouble reliableChange = OptionalDouble.empty();
        private OptionalDouble meaningfulChange = OptionalDouble.empty();
        private String source = "";

        private Builder() {
        }

        /** @return this */
        public Builder reliability(double v) {
            reliability = OptionalDouble.of(v);
            return this;
        }

        /** @return this */
        public Builder clinical(double mean, double sd) {
            clinicalMean = OptionalDouble.of(mean);
            clinicalSd = OptionalDouble.of(sd);
            return this;
        }

        /** @return this */
        public Builder functional(double mean, double sd) {
            functionalMean = OptionalDouble.of(mean);
            functionalSd = OptionalDouble.of(sd);
            return this;
        }

        /** @return this */
        public Builder reliableChange(double v) {
            reliableChange = OptionalDouble.of(v);
            return this;
        }

        /** @return this */
        public Builder meaningfulChange(double v) {
            meaningfulChange = OptionalDouble.of(v);
            return this;
        }

        /** @return this */
        public Builder source(String s) {
            source = Objects.requireNonNull(s, "source");
            return this;
        }

        /** @return the validated value */
        public Psychometrics build() {
            return new Psychometrics(reliability, clinicalMean, clinicalSd, functionalMean, functionalSd,
                    reliableChange, meaningfulChange, source);
        }
    }
}
