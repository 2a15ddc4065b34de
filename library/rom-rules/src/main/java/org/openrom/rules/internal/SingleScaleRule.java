package org.openrom.rules.internal;

import java.util.List;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.spi.RuleParameters;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.spi.TrackState;

/**
 * Common parts of rules that read one scale. Not API.
 *
 * @param <S> the state type
 */
public abstract class SingleScaleRule<S extends TrackState> extends StatefulRule<S> {
    /** The canonical reference. */
    public final RuleRef ref;
    /** The scale read. */
    public final Scale scale;
    private final List<String> scales;

    protected SingleScaleRule(RuleParameters p, Scale scale, org.openrom.core.track.spi.StateCodec<S> codec) {
        super(codec);
        this.ref = p.ref();
        this.scale = scale;
        this.scales = List.of(scale.qualifiedId());
    }

    @Override
    public final RuleRef ref() {
        return ref;
    }

    @Override
    public final List<String> scales() {
        return scales;
    }

    /** @return the scale's label and a score, e.g. {@code ODSIS 15} */
    public final String labelled(double value) {
        return scale.label() + " " + Say.num(value);
    }

    /**
     * The assessment of the first (baseline) observation: INSUFFICIENT_DATA with the standard sentence.
     *
     * @param occasion the occasion
     * @param x the baseline score
     * @param details the details to report (the baseline is added)
     * @return the assessment
     */
    public final org.openrom.core.track.TrackAssessment baseline(int occasion, double x,
            java.util.TreeMap<String, Object> details) {
        details.put("baseline", x);
        return new org.openrom.core.track.TrackAssessment(occasion, org.openrom.core.track.TrackStatus.INSUFFICIENT_DATA,
                java.util.List.of(org.openrom.core.track.Finding.of("baseline", labelled(x) + " at " + Say.session(occasion)
                        + " is the baseline; the rule judges later sessions", java.util.Map.of("scale", scale.label(),
                                "score", Say.num(x), "session", String.valueOf(occasion)))), ref, details);
    }

    @Override
    public String toString() {
        return ref.toString();
    }
}
