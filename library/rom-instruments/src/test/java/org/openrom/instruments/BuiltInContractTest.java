package org.openrom.instruments;

import org.junit.jupiter.api.Nested;
import org.openrom.core.instrument.Instrument;
import org.openrom.tck.InstrumentContract;
import org.openrom.core.instrument.InstrumentRegistry;

/** Every built-in instrument passes the instrument compatibility kit (rom-tck). */
class BuiltInContractTest {
    private static final InstrumentRegistry REGISTRY = InstrumentRegistry.loadDefault();

    /** Base of the nested cases: the built-in instrument of an id. */
    abstract static class Case implements InstrumentContract {
        private final String id;

        Case(String id) {
            this.id = id;
        }

        @Override
        public Instrument instrument() {
            return REGISTRY.get(id);
        }
    }

    @Nested
    class Odsis extends Case {
        Odsis() {
            super("odsis");
        }
    }

    @Nested
    class Gq12 extends Case {
        Gq12() {
            super("gq12");
        }
    }

    @Nested
    class Psychlops extends Case {
        Psychlops() {
            super("psychlops");
        }
    }

    @Nested
    class Who5 extends Case {
        Who5() {
            super("who5");
        }
    }

    @Nested
    class Phq9 extends Case {
        Phq9() {
            super("phq9");
        }
    }

    @Nested
    class Gad7 extends Case {
        Gad7() {
            super("gad7");
        }
    }

    @Nested
    class Homework extends Case {
        Homework() {
            super("homework");
        }
    }

    @Nested
    class LifeEvents extends Case {
        LifeEvents() {
            super("life-events");
        }
    }
}
