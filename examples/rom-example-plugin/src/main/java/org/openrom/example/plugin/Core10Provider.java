package org.openrom.example.plugin;

import java.util.List;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentDefinitions;
import org.openrom.core.instrument.spi.InstrumentProvider;

/**
 * Provides a CORE-10-style instrument (Barkham et al. 2013): 10 items 0–4, items 2 and 3 reverse-keyed,
 * total 0–40, one missing item prorated (10%), clinical cut-off 11, reliable change 6, α .90, clinical norms
 * 19.7 (7.7), general population 4.7 (4.8). Item 6, CORE-10's risk item, is a critical item of the plugin's own
 * choosing: an answer of 2 or more raises a high-severity alert, an unanswered item 6 a moderate one (a clinic sets
 * its own thresholds in the definition). Defined in JSON ({@code core10.json}); the wording is CC BY-NC-ND 4.0 and is
 * not shipped.
 */
public final class Core10Provider implements InstrumentProvider {
    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public Core10Provider() {
    }

    @Override
    public List<Instrument> instruments() {
        // opened here, in the plugin's own module: a named module's resources are not readable from rom-core
        try (java.io.InputStream in = Core10Provider.class.getResourceAsStream("core10.json")) {
            return List.of(InstrumentDefinitions.fromJson(java.util.Objects.requireNonNull(in, "core10.json"), "core10.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
