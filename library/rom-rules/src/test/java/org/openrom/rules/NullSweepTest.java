package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Scale;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.tck.NullSweep;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.RuleSpec;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackRule;

/** No public method of rom-core or rom-rules answers a null argument with an anonymous NullPointerException. */
class NullSweepTest {
    static NullSweep sweep() {
        return new NullSweep()
                .sample(InstrumentRegistry.class, () -> Fixtures.INSTRUMENTS)
                .sample(Instrument.class, () -> Fixtures.INSTRUMENTS.get("mood"))
                .sample(Scale.class, () -> Fixtures.INSTRUMENTS.scale("mood.total"))
                .sample(Item.class, () -> Fixtures.INSTRUMENTS.get("mood").items().get(0))
                .sample(Administration.class, () -> Fixtures.adm("p1", "mood", 0, 10))
                .sample(Administration.Builder.class, () -> Administration.builder("p1", "mood", 0))
                .sample(Scores.class, () -> Fixtures.INSTRUMENTS.get("mood").score(Fixtures.adm("p1", "mood", 0, 10)))
                .sample(RuleRegistry.class, () -> Fixtures.RULES)
                .sample(RuleEnvironment.class, () -> Fixtures.ENV)
                .sample(RuleSpec.class, () -> RuleSpec.parse("deterioration-or-no-change:scale=mood.total"))
                .sample(TrackRule.class, () -> Fixtures.rule("deterioration-or-no-change:scale=mood.total"))
                .sample(ScoreSeries.class, () -> ScoreSeries.consecutive("p1", "mood.total", 10, 12))
                .sample(OutcomeMonitor.class, () -> OutcomeMonitor.builder().instruments(Fixtures.INSTRUMENTS)
                        .ruleRegistry(Fixtures.RULES).rule("deterioration-or-no-change:scale=mood.total").build())
                .sample(OutcomeMonitor.Builder.class, OutcomeMonitor::builder)
                .sample(InstrumentRegistry.Builder.class, InstrumentRegistry::builder)
                .sample(Instrument.Builder.class, () -> Instrument.builder("x", "1"))
                .sample(Scale.Builder.class, () -> Scale.builder("total", "X"));
    }

    @Test
    void everyNullArgumentIsNamed() {
        List<Class<?>> api = new ArrayList<>();
        api.addAll(NullSweep.classesIn(Path.of("../rom-core/target/classes"), "org.openrom.core", "org.openrom.core.instrument",
                "org.openrom.core.instrument.spi", "org.openrom.core.score", "org.openrom.core.json", "org.openrom.core.track",
                "org.openrom.core.track.spi", "org.openrom.core.monitor", "org.openrom.core.needs", "org.openrom.core.report"));
        api.addAll(NullSweep.classesIn(Path.of("target/classes"), "org.openrom.rules", "org.openrom.rules.change",
                "org.openrom.rules.research"));
        NullSweep.Result r = sweep().sweep(api);
        assertThat(r.calls()).isGreaterThan(300);
        assertThat(r.anonymousNulls()).isEmpty();
    }
}
