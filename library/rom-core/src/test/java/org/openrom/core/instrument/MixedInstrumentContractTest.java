package org.openrom.core.instrument;

import org.openrom.core.tck.InstrumentContract;

/** Runs the instrument compatibility kit against a Java-built instrument. */
class MixedInstrumentContractTest implements InstrumentContract {
    @Override
    public Instrument instrument() {
        return TestInstruments.mixed();
    }
}
