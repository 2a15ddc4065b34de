package org.openrom.core.monitor;

import java.util.Arrays;

/**
 * The occasions of one multi-scale rule of one patient at which some, but not all, of the rule's scales have
 * arrived, in increasing order. An entry is dropped once it is complete (and assessed) or can no longer
 * become complete, because a missing scale has already been recorded at a later occasion (per-scale order
 * forbids it to arrive for this occasion). Confined to its patient's lock.
 */
final class PendingOccasions {
    private final int width;
    private int size;
    private int[] occasions = new int[2];
    private double[] values;
    private boolean[] have;

    PendingOccasions(int width) {
        this.width = width;
        values = new double[2 * width];
        have = new boolean[2 * width];
    }

    int size() {
        return size;
    }

    int width() {
        return width;
    }

    int occasion(int i) {
        return occasions[i];
    }

    boolean has(int i, int scale) {
        return have[i * width + scale];
    }

    double value(int i, int scale) {
        return values[i * width + scale];
    }

    /** @return the index of the entry for {@code occasion}, inserted (empty) in order when absent */
    int entry(int occasion) {
        int i = 0;
        while (i < size && occasions[i] < occasion) {
            i++;
        }
        if (i < size && occasions[i] == occasion) {
            return i;
        }
        if (size == occasions.length) {
            occasions = Arrays.copyOf(occasions, size * 2);
            values = Arrays.copyOf(values, size * 2 * width);
            have = Arrays.copyOf(have, size * 2 * width);
        }
        System.arraycopy(occasions, i, occasions, i + 1, size - i);
        System.arraycopy(values, i * width, values, (i + 1) * width, (size - i) * width);
        System.arraycopy(have, i * width, have, (i + 1) * width, (size - i) * width);
        occasions[i] = occasion;
        Arrays.fill(values, i * width, (i + 1) * width, 0);
        Arrays.fill(have, i * width, (i + 1) * width, false);
        size++;
        return i;
    }

    void put(int i, int scale, double value) {
        values[i * width + scale] = value;
        have[i * width + scale] = true;
    }

    boolean complete(int i) {
        for (int j = 0; j < width; j++) {
            if (!have[i * width + j]) {
                return false;
            }
        }
        return true;
    }

    /** Removes entry {@code i} and returns its values. */
    double[] take(int i) {
        double[] out = Arrays.copyOfRange(values, i * width, (i + 1) * width);
        remove(i);
        return out;
    }

    private void remove(int i) {
        System.arraycopy(occasions, i + 1, occasions, i, size - i - 1);
        System.arraycopy(values, (i + 1) * width, values, i * width, (size - i - 1) * width);
        System.arraycopy(have, (i + 1) * width, have, i * width, (size - i - 1) * width);
        size--;
    }

    /**
     * Drops every entry that can no longer become complete.
     *
     * @param lastOccasion the patient's last recorded occasion per monitored scale
     * @param scales the monitored-scale index of each of the rule's scales
     */
    void prune(int[] lastOccasion, int[] scales) {
        for (int i = size - 1; i >= 0; i--) {
            if (!completable(i, lastOccasion, scales)) {
                remove(i);
            }
        }
    }

    /** @return true when every missing scale of entry {@code i} may still arrive for its occasion */
    boolean completable(int i, int[] lastOccasion, int[] scales) {
        for (int j = 0; j < width; j++) {
            if (!have[i * width + j] && lastOccasion[scales[j]] >= occasions[i]) {
                return false;
            }
        }
        return true;
    }
}
