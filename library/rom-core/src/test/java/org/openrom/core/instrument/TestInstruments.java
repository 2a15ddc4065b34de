package org.openrom.core.instrument;

import java.util.List;
import org.openrom.core.instrument.spi.InstrumentProvider;

/** A provider registered only in rom-core's test META-INF/services: proves discovery through the SPI. */
public final class TestInstruments implements InstrumentProvider {
    /** A small Java-defined instrument with a reversed item, a mean scale and a factor. */
    public static Instrument mixed() {
        return Instrument.builder("test-mixed", "2")
                .name("Mixed test instrument")
                .item(Item.ordinal("a", "topic a", 1, 5))
                .item(Item.ordinal("b", "topic b", 1, 5).asReversed())
                .item(Item.ordinal("c", "topic c", 0, 3))
                .item(Item.text("note", "free text"))
                .scale(Scale.builder("sum", "Mixed sum").items("a", "b", "c").direction(Direction.LOWER_IS_BETTER)
                        .display(DisplayOrientation.REVERSED).cutoff(7).band(0, "low").band(7, "high"))
                .scale(Scale.builder("mean", "Mixed mean").items("a", "b").aggregation(Aggregation.MEAN)
                        .direction(Direction.HIGHER_IS_BETTER))
                .scale(Scale.builder("scaled", "Mixed scaled").items("c").factor(10).direction(Direction.HIGHER_IS_BETTER))
                .build();
    }

    @Override
    public List<Instrument> instruments() {
        return List.of(mixed());
    }
}
