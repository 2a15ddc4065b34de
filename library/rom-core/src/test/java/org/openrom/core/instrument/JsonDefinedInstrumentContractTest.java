package org.openrom.core.instrument;

import org.openrom.core.tck.InstrumentContract;

/** Runs the instrument compatibility kit against a JSON-defined instrument with reverse-keyed items. */
class JsonDefinedInstrumentContractTest implements InstrumentContract {
    @Override
    public Instrument instrument() {
        return InstrumentDefinitions.fromResource(JsonDefinedInstrumentContractTest.class, "core10-like.json");
    }
}
