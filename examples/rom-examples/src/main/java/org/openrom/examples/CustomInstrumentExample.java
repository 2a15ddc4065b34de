package org.openrom.examples;

import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Score;

/**
 * Example 2 — a custom instrument plugin: the jar {@code rom-example-plugin} registers a CORE-10-style
 * instrument in {@code META-INF/services} (and {@code provides} in its module descriptor); putting it on the
 * class path is all it takes for {@link InstrumentRegistry#loadDefault()} to discover it.
 */
public final class CustomInstrumentExample {
    private CustomInstrumentExample() {
    }

    /**
     * Scores one CORE-10 administration with item 5 missing (prorated) and says whether it is above the cut-off.
     *
     * @return a one-line summary
     */
    public static String run() {
        InstrumentRegistry registry = InstrumentRegistry.loadDefault();
        Scale total = registry.scale("core10.total");
        Administration a = Administration.builder("p-9", "core10", 0)
                .answers("q", 2, 4, 4, 2).answer("q6", 2).answer("q7", 2).answer("q8", 2).answer("q9", 2).answer("q10", 2)
                .build();
        Score s = registry.get("core10").score(a).get("core10.total").orElseThrow();
        double v = s.value().orElseThrow();
        return String.format(java.util.Locale.ROOT, "core10 from %s: total %.2f (prorated %s), %s the cut-off %.0f",
                registry.origin("core10").orElse("?"), v, s.prorated(), total.isCase(v) ? "at or above" : "below",
                total.cutoff().orElseThrow());
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println(run());
    }
}
