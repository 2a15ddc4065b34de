package org.openrom.rules.change;

import org.openrom.core.ValidationException;
import org.openrom.core.Violation;

/**
 * Population parameters for reliable change. Values a method does not need may be {@link Double#NaN}.
 *
 * @param reliability r, in (0, 1)
 * @param meanPre M_pre
 * @param sdPre SD_pre (&gt; 0)
 * @param meanPost M_post
 * @param sdPost SD_post
 * @param correlation the pre–post correlation (HA only)
 * @param reliabilityPost the reliability at post, in (0, 1) (NK only; the other methods assume one reliability)
 */
public record RciParameters(double reliability, double meanPre, double sdPre, double meanPost, double sdPost,
        double correlation, double reliabilityPost) {

    /**
     * Parameters with the post reliability equal to the pre reliability.
     *
     * @param reliability r, in (0, 1)
     * @param meanPre M_pre
     * @param sdPre SD_pre (&gt; 0)
     * @param meanPost M_post
     * @param sdPost SD_post
     * @param correlation the pre–post correlation (HA only)
     */
    public RciParameters(double reliability, double meanPre, double sdPre, double meanPost, double sdPost,
            double correlation) {
        this(reliability, meanPre, sdPre, meanPost, sdPost, correlation, reliability);
    }

    /** Validates reliability and SD_pre; the rest is checked by {@link #checkFor(RciMethod)}. */
    public RciParameters {
        if (!(reliability > 0 && reliability < 1)) {
            throw new ValidationException("reliable change parameters", "reliability", String.valueOf(reliability),
                    "a number in (0, 1)");
        }
        if (!(reliabilityPost > 0 && reliabilityPost < 1)) {
            throw new ValidationException("reliable change parameters", "reliabilityPost",
                    String.valueOf(reliabilityPost), "a number in (0, 1)");
        }
        if (!(sdPre > 0) || !Double.isFinite(sdPre)) {
            throw new ValidationException("reliable change parameters", "sdPre", String.valueOf(sdPre),
                    "a finite number > 0 (a standard deviation of zero makes every change reliable)");
        }
    }

    /**
     * @param method the method
     * @return this
     * @throws ValidationException naming every parameter the method needs but lacks
     */
    public RciParameters checkFor(RciMethod method) {
        java.util.List<Violation> v = new java.util.ArrayList<>();
        if (method.needsMeanPre() && !Double.isFinite(meanPre)) {
            v.add(new Violation("meanPre", String.valueOf(meanPre), "a finite mean for method " + method));
        }
        if (method.needsMeanPost() && !Double.isFinite(meanPost)) {
            v.add(new Violation("meanPost", String.valueOf(meanPost), "a finite mean for method " + method));
        }
        if (method.needsPostSdAndCorrelation()) {
            if (!(sdPost > 0) || !Double.isFinite(sdPost)) {
                v.add(new Violation("sdPost", String.valueOf(sdPost), "a finite SD > 0 for method HA"));
            }
            if (!(correlation >= -1 && correlation <= 1)) {
                v.add(new Violation("correlation", String.valueOf(correlation), "a correlation in [-1, 1] for method HA"));
            }
        }
        if (!v.isEmpty()) {
            throw new ValidationException("reliable change parameters", v);
        }
        if (method == RciMethod.HA) {
            double rdd = RciMethod.differenceReliability(this);
            if (!(rdd > 0) || !Double.isFinite(rdd)) {
                throw new ValidationException("reliable change parameters", "r_dd", String.valueOf(rdd),
                        "a positive reliability of difference scores (check SDs, correlation and reliability)");
            }
        }
        return this;
    }

    /** @return the standard error of measurement SE = SD_pre·√(1−r) */
    public double standardError() {
        return sdPre * Math.sqrt(1 - reliability);
    }

    /** @return S_diff = √2·SE */
    public double standardErrorOfDifference() {
        return Math.sqrt(2) * standardError();
    }

    /** @return SE_pred = SD_pre·√(1−r²) */
    public double standardErrorOfPrediction() {
        return sdPre * Math.sqrt(1 - reliability * reliability);
    }

    /**
     * @param critical the critical |RCI| (1.96 for 95%)
     * @return the minimum reliable change of the JT method, {@code critical × S_diff}
     */
    public double minimumReliableChange(double critical) {
        return critical * standardErrorOfDifference();
    }
}
