package org.openrom.core.needs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Scale;
import org.openrom.core.instrument.TestInstruments;
import org.openrom.core.monitor.TestRules;

/**
 * A made-up taxonomy and evidence rules (test resources {@code test-taxonomy.json}, {@code test-evidence.json})
 * over test instruments, so that rom-core's needs engine and report builder are tested without the built-in
 * instruments, rules or clinical content: {@code mood} (one item 0..30, {@code mood.total}, lower is better),
 * {@code test-mixed} ({@link TestInstruments#mixed()}) and {@code checklist} (two events {@code e1}, {@code e2},
 * 0..1).
 */
public final class TestNeeds {
    private TestNeeds() {
    }

    /** @return the two-event checklist instrument */
    public static Instrument checklist() {
        return Instrument.builder("checklist", "1").name("Checklist").item(Item.ordinal("e1", "event one", 0, 1))
                .item(Item.ordinal("e2", "event two", 0, 1)).scale(Scale.builder("total", "Events").items("e1", "e2"))
                .build();
    }

    /** @return the test instruments: mood, test-mixed and checklist */
    public static InstrumentRegistry instruments() {
        return InstrumentRegistry.builder().add(TestRules.singleItem("mood")).add(TestInstruments.mixed())
                .add(checklist()).build();
    }

    /** @return the test taxonomy */
    public static NeedsTaxonomy taxonomy() {
        return NeedsTaxonomy.fromJson(resource("test-taxonomy.json"));
    }

    /** @return the test evidence rules */
    public static EvidenceRules evidence() {
        return EvidenceRules.fromJson(resource("test-evidence.json"));
    }

    /** @return an engine of the test taxonomy and evidence over {@link #instruments()} */
    public static NeedsEngine engine() {
        return NeedsEngine.of(taxonomy(), evidence(), instruments());
    }

    private static String resource(String name) {
        try (InputStream in = TestNeeds.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
