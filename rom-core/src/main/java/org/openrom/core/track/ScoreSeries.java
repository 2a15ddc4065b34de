package org.openrom.core.track;

import java.util.Arrays;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;

/**
 * One patient's scores on one scale over occasions, primitive-backed and immutable. Occasions are
 * strictly increasing; values are finite.
 */
public final class ScoreSeries {
    private final String patientId;
    private final String scale;
    private final int[] occasions;
    private final double[] values;

    private ScoreSeries(String patientId, String scale, int[] occasions, double[] values) {
        this.patientId = Checks.nonBlank("score series", "patientId", patientId);
        this.scale = Checks.nonBlank("score series", "scale", scale);
        if (occasions.length != values.length) {
            throw new ValidationException("score series", "values", String.valueOf(values.length),
                    occasions.length + " values, one per occasion");
        }
        Checks.Problems p = new Checks.Problems("score series of patient " + patientId + " on " + scale);
        for (int i = 0; i < occasions.length; i++) {
            if (occasions[i] < 0 || (i > 0 && occasions[i] <= occasions[i - 1])) {
                p.add("occasions[" + i + "]", occasions[i], "occasions >= 0 in strictly increasing order");
            }
            if (!Double.isFinite(values[i])) {
                p.add("values[" + i + "]", values[i], "a finite score");
            }
        }
        p.throwIfAny();
        this.occasions = occasions;
        this.values = values;
    }

    /**
     * @param patientId the patient
     * @param scale the qualified scale id
     * @param occasions strictly increasing occasions (copied)
     * @param values one finite score per occasion (copied)
     * @return the series
     */
    public static ScoreSeries of(String patientId, String scale, int[] occasions, double[] values) {
        java.util.Objects.requireNonNull(occasions, "occasions");
        java.util.Objects.requireNonNull(values, "values");
        return new ScoreSeries(patientId, scale, occasions.clone(), values.clone());
    }

    /**
     * A series at occasions 0, 1, 2, …
     *
     * @param patientId the patient
     * @param scale the scale
     * @param values the scores
     * @return the series
     */
    public static ScoreSeries consecutive(String patientId, String scale, double... values) {
        java.util.Objects.requireNonNull(values, "values");
        int[] occ = new int[values.length];
        for (int i = 0; i < occ.length; i++) {
            occ[i] = i;
        }
        return new ScoreSeries(patientId, scale, occ, values.clone());
    }

    /** @return the patient */
    public String patientId() {
        return patientId;
    }

    /** @return the qualified scale id */
    public String scale() {
        return scale;
    }

    /** @return the number of observations */
    public int size() {
        return values.length;
    }

    /** @return the occasion of observation {@code i} */
    public int occasion(int i) {
        return occasions[i];
    }

    /** @return the score of observation {@code i} */
    public double value(int i) {
        return values[i];
    }

    /** @return a copy of the occasions */
    public int[] occasions() {
        return occasions.clone();
    }

    /** @return a copy of the values */
    public double[] values() {
        return values.clone();
    }

    /** @return a series with every value shifted by {@code delta} */
    public ScoreSeries shifted(double delta) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += delta;
        }
        return new ScoreSeries(patientId, scale, occasions.clone(), v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreSeries && ((ScoreSeries) o).patientId.equals(patientId)
                && ((ScoreSeries) o).scale.equals(scale) && Arrays.equals(((ScoreSeries) o).occasions, occasions)
                && Arrays.equals(((ScoreSeries) o).values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * patientId.hashCode() + scale.hashCode()) + Arrays.hashCode(values);
    }

    /** Identifiers and length only. */
    @Override
    public String toString() {
        return "ScoreSeries[patient=" + patientId + ", scale=" + scale + ", n=" + values.length + "]";
    }
}
