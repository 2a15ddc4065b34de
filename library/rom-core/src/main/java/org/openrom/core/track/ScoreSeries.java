package org.openrom.core.track;

import java.util.Arrays;
import org.openrom.core.ValidationException;
import org.openrom.core.internal.Checks;

/**
 * One patient's scores on one scale over occasions, primitive-backed and immutable. Occasions are
 * strictly increasing; values are finite.
 *
 * <p>{@link #append} returns a longer series in amortised O(1): versions share their backing arrays, and only
 * the longest version of a lineage extends them in place (a version that was appended to already is copied
 * first), so no version ever sees another's change. Safe to share between threads.
 */
public final class ScoreSeries {
    private final String patientId;
    private final String scale;
    private final int[] occasions;
    private final double[] values;
    private final int size;
    /** How much of the shared arrays some version uses; a version may extend in place only from the end. */
    private final java.util.concurrent.atomic.AtomicInteger used;

    private ScoreSeries(String patientId, String scale, int[] occasions, double[] values, int size,
            java.util.concurrent.atomic.AtomicInteger used) {
        this.patientId = patientId;
        this.scale = scale;
        this.occasions = occasions;
        this.values = values;
        this.size = size;
        this.used = used;
    }

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
        this.size = occasions.length;
        this.used = new java.util.concurrent.atomic.AtomicInteger(size);
    }

    /**
     * An empty series.
     *
     * @param patientId the patient
     * @param scale the qualified scale id
     * @return a series without observations
     */
    public static ScoreSeries empty(String patientId, String scale) {
        return new ScoreSeries(patientId, scale, new int[0], new double[0]);
    }

    /**
     * @param occasion an occasion after the last one
     * @param value a finite score
     * @return this series with one more observation (this one is unchanged)
     * @throws ValidationException when the occasion is not after the last or the value is not finite
     */
    public ScoreSeries append(int occasion, double value) {
        if (occasion < 0 || size > 0 && occasion <= occasions[size - 1]) {
            throw new ValidationException("score series of patient " + patientId + " on " + scale, "occasion",
                    String.valueOf(occasion), "an occasion after " + (size == 0 ? "-1" : occasions[size - 1])
                            + (size > 0 && occasion == occasions[size - 1] ? " (duplicate occasion)" : ""));
        }
        if (!Double.isFinite(value)) {
            throw new ValidationException("score series of patient " + patientId + " on " + scale, "value",
                    String.valueOf(value), "a finite score");
        }
        if (size < occasions.length && used.compareAndSet(size, size + 1)) {
            occasions[size] = occasion;
            values[size] = value;
            return new ScoreSeries(patientId, scale, occasions, values, size + 1, used);
        }
        int capacity = Math.max(4, size * 2);
        int[] o = Arrays.copyOf(occasions, capacity);
        double[] v = Arrays.copyOf(values, capacity);
        o[size] = occasion;
        v[size] = value;
        return new ScoreSeries(patientId, scale, o, v, size + 1, new java.util.concurrent.atomic.AtomicInteger(size + 1));
    }

    /**
     * @param occasion the last occasion to keep
     * @return the observations up to and including {@code occasion}
     */
    public ScoreSeries upTo(int occasion) {
        int n = 0;
        while (n < size && occasions[n] <= occasion) {
            n++;
        }
        return n == size ? this : new ScoreSeries(patientId, scale, Arrays.copyOf(occasions, n), Arrays.copyOf(values, n));
    }

    /**
     * @param occasion the first occasion to keep
     * @return the observations from {@code occasion} on
     */
    public ScoreSeries from(int occasion) {
        int k = 0;
        while (k < size && occasions[k] < occasion) {
            k++;
        }
        return k == 0 ? this : new ScoreSeries(patientId, scale, Arrays.copyOfRange(occasions, k, size),
                Arrays.copyOfRange(values, k, size));
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
        return size;
    }

    /** @return the occasion of observation {@code i} */
    public int occasion(int i) {
        java.util.Objects.checkIndex(i, size);
        return occasions[i];
    }

    /** @return the score of observation {@code i} */
    public double value(int i) {
        java.util.Objects.checkIndex(i, size);
        return values[i];
    }

    /** @return a copy of the occasions */
    public int[] occasions() {
        return Arrays.copyOf(occasions, size);
    }

    /** @return a copy of the values */
    public double[] values() {
        return Arrays.copyOf(values, size);
    }

    /** @return a series with every value shifted by {@code delta} */
    public ScoreSeries shifted(double delta) {
        double[] v = values();
        for (int i = 0; i < v.length; i++) {
            v[i] += delta;
        }
        return new ScoreSeries(patientId, scale, occasions(), v);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScoreSeries)) {
            return false;
        }
        ScoreSeries x = (ScoreSeries) o;
        return x.patientId.equals(patientId) && x.scale.equals(scale) && x.size == size
                && Arrays.equals(x.occasions, 0, size, occasions, 0, size) && Arrays.equals(x.values, 0, size, values, 0, size);
    }

    @Override
    public int hashCode() {
        int h = 31 * patientId.hashCode() + scale.hashCode();
        for (int i = 0; i < size; i++) {
            h = 31 * h + Double.hashCode(values[i]);
        }
        return h;
    }

    /** Identifiers and length only. */
    @Override
    public String toString() {
        return "ScoreSeries[patient=" + patientId + ", scale=" + scale + ", n=" + size + "]";
    }
}
