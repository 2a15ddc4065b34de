package org.openrom.core.track.spi;

import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;

/**
 * The streaming form of a rule for one patient: advanced one observation at a time. Not thread-safe;
 * the {@link org.openrom.core.monitor.OutcomeMonitor} confines each state to one patient's lock.
 *
 * <p>Callers pass occasions in strictly increasing order and finite values; given that, {@code next}
 * never throws. {@link #save()} encodes the state losslessly for {@link TrackRule#restore(double[])}.
 */
public interface TrackState {
    /**
     * Advances a single-scale rule.
     *
     * @param occasion the occasion, greater than every earlier one
     * @param value the finite score
     * @return the assessment at this occasion
     */
    TrackAssessment next(int occasion, double value);

    /**
     * Advances a rule that reads several scales (see {@link TrackRule#scales()}); single-scale rules
     * need not override it.
     *
     * @param occasion the occasion
     * @param values one finite score per scale of the rule, in the rule's scale order (not retained)
     * @return the assessment
     */
    default TrackAssessment next(int occasion, double[] values) {
        if (values.length != 1) {
            throw new IllegalArgumentException("this rule reads one scale, got " + values.length + " values");
        }
        return next(occasion, values[0]);
    }

    /**
     * Advances the state exactly as {@link #next(int, double)} does but returns only the status, so that batch
     * research over millions of observations need not build reasons and details. Rules may override it
     * with an allocation-free path; the default delegates to {@code next}.
     *
     * @param occasion the occasion
     * @param value the finite score
     * @return the status {@code next} would have reported
     */
    default TrackStatus advance(int occasion, double value) {
        return next(occasion, value).status();
    }

    /** @return a lossless encoding of this state (finite numbers only) */
    double[] save();
}
