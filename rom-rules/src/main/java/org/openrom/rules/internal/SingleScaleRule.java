package org.openrom.rules.internal;

import java.util.List;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.RuleParameters;
import org.openrom.core.track.RuleRef;
import org.openrom.core.track.TrackRule;

/** Common parts of rules that read one scale. Not API. */
public abstract class SingleScaleRule implements TrackRule {
    /** The canonical reference. */
    public final RuleRef ref;
    /** The scale read. */
    public final Scale scale;
    private final List<String> scales;

    protected SingleScaleRule(RuleParameters p, Scale scale) {
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

    @Override
    public String toString() {
        return ref.toString();
    }
}
