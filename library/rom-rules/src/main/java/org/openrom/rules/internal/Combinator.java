package org.openrom.rules.internal;

import java.util.ArrayList;
import java.util.List;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.TrackState;

/** Common parts of rules built from other rules. Not API. */
public abstract class Combinator implements TrackRule {
    /** The canonical reference. */
    public final RuleRef ref;
    /** The nested rules. */
    public final List<TrackRule> children;
    private final List<String> scales;

    protected Combinator(RuleParameters p, String id, List<TrackRule> children) {
        this.ref = p.ref();
        this.children = List.copyOf(children);
        this.scales = this.children.get(0).scales();
        for (TrackRule c : this.children) {
            if (!c.scales().equals(scales)) {
                throw new ValidationException("rule " + id, "rules", c.ref().spec() + " reads " + c.scales(),
                        "nested rules that all read the same scales " + scales);
            }
        }
    }

    @Override
    public final RuleRef ref() {
        return ref;
    }

    @Override
    public final List<String> scales() {
        return scales;
    }

    /** @return fresh child states */
    protected final TrackState[] startChildren() {
        TrackState[] s = new TrackState[children.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = children.get(i).start();
        }
        return s;
    }

    /**
     * Encodes child states followed by {@code own}: {@code [n, len₁…lenₙ, state₁…stateₙ, own…]}.
     *
     * @param states the child states
     * @param own this combinator's own numbers
     * @return the encoding
     */
    protected static double[] save(TrackState[] states, double... own) {
        List<double[]> parts = new ArrayList<>();
        int total = 1 + states.length + own.length;
        for (TrackState s : states) {
            double[] p = s.save();
            parts.add(p);
            total += p.length;
        }
        double[] out = new double[total];
        int k = 0;
        out[k++] = states.length;
        for (double[] p : parts) {
            out[k++] = p.length;
        }
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        System.arraycopy(own, 0, out, k, own.length);
        return out;
    }

    /**
     * Decodes child states; the returned reader is positioned at this combinator's own numbers.
     *
     * @param saved the encoding
     * @param states filled with the restored child states
     * @return a reader of the remaining numbers
     */
    protected final Saved restoreChildren(double[] saved, TrackState[] states) {
        return restoreChildren(saved, states, Consumed.unknown());
    }

    /**
     * Decodes child states, each checked against the same history (every nested rule sees every observation).
     *
     * @param saved the encoding
     * @param states filled with the restored child states
     * @param consumed the observations the combinator consumed
     * @return a reader of the remaining numbers
     */
    protected final Saved restoreChildren(double[] saved, TrackState[] states, Consumed consumed) {
        Saved in = new Saved(saved, ref.id(), -1, consumed);
        int n = in.nextInt();
        if (n != children.size()) {
            throw new DataFormatException("state of " + ref.id(), 0, 0, "expected " + children.size() + " nested states", null);
        }
        int[] lens = new int[n];
        for (int i = 0; i < n; i++) {
            lens[i] = in.nextInt();
        }
        for (int i = 0; i < n; i++) {
            states[i] = children.get(i).restore(in.next(lens[i]), consumed);
        }
        return in;
    }
}
