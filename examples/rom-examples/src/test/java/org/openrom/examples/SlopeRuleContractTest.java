package org.openrom.examples;

import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.tck.RuleContract;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;

/** The example plugin's slope rule passes the rule compatibility kit, as any plugin's rule should. */
class SlopeRuleContractTest implements RuleContract {
    private static final InstrumentRegistry INSTRUMENTS = InstrumentRegistry.loadDefault(); // with the plugin's CORE-10

    @Override
    public RuleRegistry registry() {
        return RuleRegistry.loadDefault();
    }

    @Override
    public RuleEnvironment environment() {
        return RuleEnvironment.of(INSTRUMENTS);
    }

    @Override
    public String spec() {
        return "slope:k=4,max=0.5,scale=core10.total";
    }
}
