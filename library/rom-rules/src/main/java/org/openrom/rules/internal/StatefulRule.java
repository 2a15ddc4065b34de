package org.openrom.rules.internal;

import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.StateCodec;
import org.openrom.core.track.spi.TrackState;

/**
 * A rule whose state is declared once, as a {@link StateCodec}: starting, saving and restoring follow from it. Not
 * API.
 *
 * @param <S> the state type
 */
public abstract class StatefulRule<S extends TrackState> implements TrackRule {
    private final StateCodec<S> codec;

    /** @param codec the fields of {@code S}, in saved order */
    protected StatefulRule(StateCodec<S> codec) {
        this.codec = java.util.Objects.requireNonNull(codec, "codec");
    }

    /** @return a new state that has seen nothing */
    protected abstract S fresh();

    @Override
    public final TrackState start() {
        return fresh();
    }

    @Override
    public final TrackState restore(double[] saved) {
        return restore(saved, Consumed.unknown());
    }

    @Override
    public final TrackState restore(double[] saved, Consumed consumed) {
        return codec.restore(saved, consumed, fresh());
    }

    /**
     * @param state a state of this rule
     * @return its saved form
     */
    public final double[] save(S state) {
        return codec.save(state);
    }
}
