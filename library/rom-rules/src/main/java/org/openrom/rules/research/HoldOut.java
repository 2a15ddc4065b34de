package org.openrom.rules.research;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;

/**
 * Honest evaluation of rules fitted from data ({@code expected-response} with a reference, {@code
 * percentile-boundary}): a rule is never judged on the patients it was fitted on. A patient (or, by {@link Unit#GROUP},
 * a whole therapy group, so that members who share a therapist and sessions never straddle the line) is assigned to
 * a fold by a hash of its id and the seed, independent of the file's order and reproducible:
 * <ul>
 * <li>{@link #split}: fold 0 is the test part (a fraction {@code testFraction} of the units), fold 1 the training
 * part; the rules are fitted on fold 1 and evaluated on fold 0;</li>
 * <li>{@link #kFold}: {@code k} folds; each fold is evaluated by rules fitted on the other {@code k − 1}, so every
 * patient is evaluated once, by rules that never saw them (the folds are of about equal size: the hash spreads the
 * units uniformly).</li>
 * </ul>
 * The hash: FNV-1a (64 bit) of the unit's key ({@code "p:" + patient id}, or {@code "g:" + group id}) in UTF-8,
 * mixed with the seed by SplitMix64 (Steele, Lea &amp; Flood 2014), taken as a uniform number in [0, 1). Immutable.
 */
public final class HoldOut {
    /** What is held out together. */
    public enum Unit {
        /** Each patient on their own. */
        PATIENT,
        /** Each therapy group as a whole (patients without a group on their own). */
        GROUP
    }

    private final Unit unit;
    private final int folds;
    private final double testFraction;
    private final long seed;

    private HoldOut(Unit unit, int folds, double testFraction, long seed) {
        this.unit = unit;
        this.folds = folds;
        this.testFraction = testFraction;
        this.seed = seed;
    }

    /**
     * @param unit what is held out together
     * @param testFraction the share of units in the test part, in (0, 1)
     * @param seed the seed of the assignment
     * @return a training/test split
     */
    public static HoldOut split(Unit unit, double testFraction, long seed) {
        Objects.requireNonNull(unit, "unit");
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new ValidationException("hold-out", "testFraction", String.valueOf(testFraction), "a share in (0, 1)");
        }
        return new HoldOut(unit, 2, testFraction, seed);
    }

    /**
     * @param unit what is held out together
     * @param k the number of folds, 2 to 20
     * @param seed the seed of the assignment
     * @return a k-fold cross-validation
     */
    public static HoldOut kFold(Unit unit, int k, long seed) {
        Objects.requireNonNull(unit, "unit");
        if (k < 2 || k > 20) {
            throw new ValidationException("hold-out", "k", String.valueOf(k), "2 to 20 folds");
        }
        return new HoldOut(unit, k, Double.NaN, seed);
    }

    /** @return whether this is a k-fold cross-validation (else a split) */
    public boolean isKFold() {
        return Double.isNaN(testFraction);
    }

    /** @return the number of folds (2 for a split: test and training) */
    public int folds() {
        return folds;
    }

    /** @return the folds whose patients are evaluated: {@code [0]} for a split, every fold for k-fold */
    public List<Integer> evaluatedFolds() {
        List<Integer> out = new ArrayList<>();
        for (int f = 0; f < (isKFold() ? folds : 1); f++) {
            out.add(f);
        }
        return out;
    }

    /**
     * @param evaluated an evaluated fold
     * @param fold a patient's fold
     * @return whether that patient is in the training data of the rules that evaluate {@code evaluated}
     */
    public boolean trains(int evaluated, int fold) {
        return fold != evaluated;
    }

    /**
     * @param patient a patient
     * @return the patient's fold
     */
    public int fold(PatientHistory patient) {
        Objects.requireNonNull(patient, "patient");
        return fold(patient.patientId(), patient.groupId().orElse(null));
    }

    /**
     * @param patientId the patient's id
     * @param groupId the patient's group, or null
     * @return the patient's fold
     */
    public int fold(String patientId, String groupId) {
        Objects.requireNonNull(patientId, "patientId");
        String key = unit == Unit.GROUP && groupId != null ? "g:" + groupId : "p:" + patientId;
        double u = uniform(key);
        if (isKFold()) {
            return Math.min(folds - 1, (int) (u * folds));
        }
        return u < testFraction ? 0 : 1;
    }

    private double uniform(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long z = h + seed * 0x9e3779b97f4a7c15L + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** @return e.g. {@code "split by group, 30% test, seed 1"} or {@code "5-fold by patient, seed 1"} */
    public String describe() {
        String by = unit.name().toLowerCase(Locale.ROOT);
        return isKFold() ? folds + "-fold by " + by + ", seed " + seed
                : String.format(Locale.ROOT, "split by %s, %.0f%% test, seed %d", by, 100 * testFraction, seed);
    }

    @Override
    public String toString() {
        return describe();
    }
}
