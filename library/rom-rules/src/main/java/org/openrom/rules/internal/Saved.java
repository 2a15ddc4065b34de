package org.openrom.rules.internal;

import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.TrackRule;

/** Reads a saved state array with bounds and type checks. Not API. */
public final class Saved {
    private final double[] data;
    private final String rule;
    private final TrackRule.Consumed consumed;
    private int pos;

    /**
     * @param data the saved state
     * @param rule the rule id, for messages
     * @param expectedLength the exact length expected, or -1 to skip the check
     */
    public Saved(double[] data, String rule, int expectedLength) {
        this(data, rule, expectedLength, TrackRule.Consumed.unknown());
    }

    /**
     * A reader that also checks the state against what the host knows of its history.
     *
     * @param data the saved state
     * @param rule the rule id, for messages
     * @param expectedLength the exact length expected, or -1 to skip the check
     * @param consumed the observations the state consumed, as the host knows them
     */
    public Saved(double[] data, String rule, int expectedLength, TrackRule.Consumed consumed) {
        this.data = java.util.Objects.requireNonNull(data, "saved");
        this.rule = rule;
        this.consumed = java.util.Objects.requireNonNull(consumed, "consumed");
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

    /** @return what the host knows of the state's history */
    public TrackRule.Consumed consumed() {
        return consumed;
    }

    /**
     * Reads the "has seen an observation" flag, which must agree with the host's count.
     *
     * @return the flag
     */
    public boolean started() {
        boolean b = nextBool();
        if (consumed.known() && b != consumed.observations() > 0) {
            throw wrong("the state says " + (b ? "started" : "not started") + " after " + consumed.observations()
                    + " observation(s)");
        }
        return b;
    }

    /**
     * Reads an observation count, which must equal the host's.
     *
     * @return the count, &ge; 0
     */
    public int count() {
        int n = nextInt();
        if (n < 0 || consumed.known() && n != consumed.observations()) {
            throw wrong("the state counts " + n + " observation(s), the host " + consumed.observations());
        }
        return n;
    }

    /**
     * Reads a score: a value of {@code scale} when {@code present}, else the unset value 0.
     *
     * @param scale the scale the score is on
     * @param present whether the state holds a score here
     * @return the score
     */
    public double score(Scale scale, boolean present) {
        double v = next();
        if (present ? v < scale.min() || v > scale.max() : v != 0) {
            throw wrong(present ? "a score " + v + " outside " + scale.qualifiedId() + " [" + scale.min() + ", "
                    + scale.max() + "]" : "a value where no score was observed yet");
        }
        return v;
    }

    /**
     * Reads an occasion: one the host has seen ({@code 0 ≤ o ≤} the last) when {@code present}, else
     * {@code unset}.
     *
     * @param present whether the state holds an occasion here
     * @param unset the value of an unset occasion
     * @return the occasion
     */
    public int occasion(boolean present, int unset) {
        int o = nextInt();
        boolean ok = present ? o >= 0 && (!consumed.known() || o <= consumed.lastOccasion()) : o == unset;
        if (!ok) {
            throw wrong(present ? "occasion " + o + " is not one observed (last: " + consumed.lastOccasion() + ")"
                    : "occasion " + o + " where none is set (" + unset + " expected)");
        }
        return o;
    }

    /**
     * @param message what is inconsistent
     * @return the exception to throw for an impossible state
     */
    public DataFormatException wrong(String message) {
        return new DataFormatException("state of " + rule, 0, 0, "impossible state: " + message, null);
    }

    /** Checks that everything was read. */
    public void end() {
        if (pos != data.length) {
            throw new DataFormatException("state of " + rule, 0, 0, "unexpected extra numbers", null);
        }
    }
}
