package org.openrom.core.instrument;

import java.util.Map;
import java.util.TreeMap;
import org.openrom.core.ValidationException;

/**
 * The integer answers an ordinal item accepts: {@code min..max} inclusive, optionally with a label per
 * value. Labels are only given for instruments whose wording is free to reproduce.
 *
 * @param min the smallest accepted answer
 * @param max the largest accepted answer (greater than {@code min})
 * @param labels optional label per answer value (keys within {@code min..max})
 */
public record ResponseScale(int min, int max, Map<Integer, String> labels) {
    /** Validates the range and labels and copies the labels into a sorted, immutable map. */
    public ResponseScale {
        if (max <= min) {
            throw new ValidationException("response scale", "max", String.valueOf(max),
                    "a value greater than min " + min);
        }
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        for (Integer k : labels.keySet()) {
            if (k < min || k > max) {
                throw new ValidationException("response scale", "labels." + k, String.valueOf(k),
                        "a value within " + min + ".." + max);
            }
        }
    }

    /**
     * @param min the smallest answer
     * @param max the largest answer
     * @return a scale without labels
     */
    public static ResponseScale of(int min, int max) {
        return new ResponseScale(min, max, Map.of());
    }

    /** @return true when {@code value} is within {@code min..max} */
    public boolean contains(int value) {
        return value >= min && value <= max;
    }

    /**
     * Reverse-keys an answer: {@code max + min − value}. Applying it twice is the identity.
     *
     * @param value an answer within the scale
     * @return the reversed answer
     */
    public int reverse(int value) {
        return max + min - value;
    }
}
