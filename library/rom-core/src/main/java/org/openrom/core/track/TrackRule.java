package org.openrom.core.track;

import org.openrom.core.track.spi.TrackState;
import java.util.ArrayList;
import java.util.List;

/**
 * A track-status (Not On Track) rule. Immutable and thread-safe; the per-patient state lives in the
 * {@link TrackState} that {@link #start()} returns. Batch evaluation is, by definition, the fold of the
 * streaming form.
 */
public interface TrackRule {
    /** @return id, version and canonical parameters */
    RuleRef ref();

    /** @return the qualified ids of the scales the rule reads, usually one */
    List<String> scales();

    /** @return a fresh state for a new patient */
    TrackState start();

    /**
     * @param saved what {@link TrackState#save()} returned for a state of this very rule
     * @return the state it encodes
     * @throws org.openrom.core.DataFormatException when the encoding does not fit this rule
     */
    TrackState restore(double[] saved);

    /**
     * Restores a state and checks it against what its host knows about the observations it consumed, so
     * that an edited or corrupted encoding is rejected instead of changing clinical output (a counter larger
     * than the number of observations, a baseline occasion after the last one, a value outside the scale).
     * The default ignores {@code consumed}; rules override it to check their own invariants.
     *
     * @param saved what {@link TrackState#save()} returned for a state of this very rule
     * @param consumed how many observations the state has consumed and the last occasion among them
     * @return the state it encodes
     * @throws org.openrom.core.DataFormatException when the encoding does not fit this rule or contradicts
     *     {@code consumed}
     */
    default TrackState restore(double[] saved, Consumed consumed) {
        return restore(saved);
    }

    /**
     * What a host (the {@link org.openrom.core.monitor.OutcomeMonitor}) knows about the observations a
     * saved state consumed: their number and the last occasion.
     *
     * @param observations the number of {@code next} calls the state has seen, &ge; 0, or -1 when unknown
     * @param lastOccasion the occasion of the last of them, or -1 when there was none or it is unknown
     */
    record Consumed(int observations, int lastOccasion) {
        private static final Consumed UNKNOWN = new Consumed(-1, -1);

        /** Validates the ranges. */
        public Consumed {
            if (observations < -1 || lastOccasion < -1 || observations == 0 && lastOccasion != -1
                    || observations > 0 && lastOccasion < 0) {
                throw new IllegalArgumentException("consumed: observations " + observations + " and last occasion "
                        + lastOccasion + " are not a possible history");
            }
        }

        /** @return "nothing known": rules then check only the encoding itself */
        public static Consumed unknown() {
            return UNKNOWN;
        }

        /** @return true when the host knows the history */
        public boolean known() {
            return observations >= 0;
        }
    }

    /**
     * Evaluates a whole series: the fold of {@link #start()} and {@link TrackState#next(int, double)}.
     *
     * @param series one patient's scores on the rule's single scale
     * @return one assessment per observation
     */
    default List<TrackAssessment> evaluate(ScoreSeries series) {
        java.util.Objects.requireNonNull(series, "series");
        TrackState state = start();
        List<TrackAssessment> out = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            out.add(state.next(series.occasion(i), series.value(i)));
        }
        return out;
    }

    /**
     * Evaluates a rule over several scales: only occasions present in every series are assessed.
     *
     * @param series one series per scale of the rule, in the order of {@link #scales()}
     * @return one assessment per common occasion
     */
    default List<TrackAssessment> evaluate(List<ScoreSeries> series) {
        java.util.Objects.requireNonNull(series, "series");
        if (series.size() == 1) {
            return evaluate(series.get(0));
        }
        TrackState state = start();
        List<TrackAssessment> out = new ArrayList<>();
        int[] pos = new int[series.size()];
        double[] values = new double[series.size()];
        while (true) {
            int max = Integer.MIN_VALUE;
            for (int s = 0; s < series.size(); s++) {
                if (pos[s] >= series.get(s).size()) {
                    return out;
                }
                max = Math.max(max, series.get(s).occasion(pos[s]));
            }
            boolean aligned = true;
            for (int s = 0; s < series.size(); s++) {
                while (pos[s] < series.get(s).size() && series.get(s).occasion(pos[s]) < max) {
                    pos[s]++;
                }
                if (pos[s] >= series.get(s).size()) {
                    return out;
                }
                aligned &= series.get(s).occasion(pos[s]) == max;
            }
            if (aligned) {
                for (int s = 0; s < series.size(); s++) {
                    values[s] = series.get(s).value(pos[s]);
                    pos[s]++;
                }
                out.add(state.next(max, values));
            }
        }
    }
}
