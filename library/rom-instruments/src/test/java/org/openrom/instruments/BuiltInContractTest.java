package org.openrom.instruments;

import org.junit.jupiter.api.Nested;
import org.openrom.core.instrument.Instrument;
import org.openrom.tck.InstrumentContract;
import org.openrom.core.instrument.InstrumentRegistry;

/** Every built-in instrument passes the instrument compatibility kit of rom-core. */
class BuiltInContractTest {
    private static final InstrumentRegistry REGISTRY = InstrumentRegistry.loadDefault();

    @Nested
    class Odsis implements InstrumentContract {
        @Override
        public Instrument instrument() {
            return REGISTRY.get("odsis");
        }
    }

    @Nested
    class Gq12 implements InstrumentContract {
        @Override
        public Instrument instrument() {
            return REGISTRY.get("gq12");
        }
    }

    @Nested
    class Psychlops implements InstrumentContract {
        @Override
        public Instrument instrument() {
            return REGISTRY.get("psychlops");
        }
    }

    @Nested
    class Who5 implements InstrumentContract {
        @Override
        public Instrument instrument() {
            return REGISTRY.get("who5");
        }
    }

    @Nested
    class Phq9 implements InstrumentContract {
        @Override
        public Instrument instrument() {
            return REGISTRY.get("phq9");
        }
    }

    @Nested
    class Gad7 implements InstrumentContract {
        @Override
        public Instrument instrument() {
            return REGISTRY.get("gad7");
        }
    }

    @Nested
    class Homework implements InstrumentContract {
        @Override
        public Instrument instrument() {
            return REGISTRY.get("homework");
        }
    }

    @Nested
    class LifeEvents implements InstrumentContract {
        @Override
        public Instrument instrument() {
            return REGISTRY.get("life-events");
        }
    }
}
