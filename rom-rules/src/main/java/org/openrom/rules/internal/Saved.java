package org.openrom.rules.internal;

import org.openrom.core.DataFormatException;

/** Reads a saved state array with bounds and type checks. Not API. */
public final class Saved {
    private final double[] data;
    private final String rule;
    private int pos;

    /**
     * @param data the saved state
     * @param rule the rule id, for messages
     * @param expectedLength the exact length expected, or -1 to skip the check
     */
    public Saved(double[] data, String rule, int expectedLength) {
        this.data = data;
        this.rule = rule;
        if (expectedLength >= 0 && data.length != expectedLength) {
            throw new DataFormatException("state of " + rule, 0, 0,
                    "expected " + expectedLength + " numbers, got " + data.length, null);
        }
    }

    /** @return the next number */
    public double next() {
        if (pos >= data.length) {
            throw new DataFormatException("state of " + rule, 0, 0, "too few numbers (" + data.length + ")", null);
        }
        double d = data[pos++];
        if (!Double.isFinite(d)) {
            throw new DataFormatException("state of " + rule, 0, 0, "non-finite number at " + (pos - 1), null);
        }
        return d;
    }

    /** @return the next number as an int */
    public int nextInt() {
        double d = next();
        if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw new DataFormatException("state of " + rule, 0, 0, "expected an integer at " + (pos - 1), null);
        }
        return (int) d;
    }

    /** @return the next number as a boolean (0 or 1) */
    public boolean nextBool() {
        int v = nextInt();
        if (v != 0 && v != 1) {
            throw new DataFormatException("state of " + rule, 0, 0, "expected 0 or 1 at " + (pos - 1), null);
        }
        return v == 1;
    }

    /** @return the next {@code n} numbers */
    public double[] next(int n) {
        if (n < 0 || pos + n > data.length) {
            throw new DataFormatException("state of " + rule, 0, 0, "too few numbers (" + data.length + ")", null);
        }
        double[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    /** Checks that everything was read. */
    public void end() {
        if (pos != data.length) {
            throw new DataFormatException("state of " + rule, 0, 0, "unexpected extra numbers", null);
        }
    }
}
