package org.openrom.tck;

import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.TestInstruments;

/** Runs the instrument compatibility kit against a Java-built instrument. */
class MixedInstrumentContractTest implements InstrumentContract {
    @Override
    public Instrument instrument() {
        return TestInstruments.mixed();
    }
}
