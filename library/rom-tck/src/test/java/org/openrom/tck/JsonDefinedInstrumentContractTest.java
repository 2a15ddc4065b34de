package org.openrom.tck;

import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentDefinitions;
import org.openrom.core.instrument.TestInstruments;

/** Runs the instrument compatibility kit against a JSON-defined instrument with reverse-keyed items. */
class JsonDefinedInstrumentContractTest implements InstrumentContract {
    @Override
    public Instrument instrument() {
        // rom-core's test fixture, next to TestInstruments in rom-core's test-jar
        return InstrumentDefinitions.fromResource(TestInstruments.class, "core10-like.json");
    }
}
