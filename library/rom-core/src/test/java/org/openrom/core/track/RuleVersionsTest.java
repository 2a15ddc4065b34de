package org.openrom.core.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openrom.core.ConfigurationException;
import org.openrom.core.DataFormatException;
import org.openrom.core.RuleSpecException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.monitor.TestRules;
import org.openrom.core.score.Administration;
import org.openrom.core.track.spi.RuleEnvironment;

/** Several versions of one rule id: a spec reaches the newest or pins one, and a version never changes meaning. */
class RuleVersionsTest {
    private static final InstrumentRegistry INSTRUMENTS = InstrumentRegistry.builder().add(TestRules.singleItem("ta"))
            .add(TestRules.singleItem("tb")).build();
    private static final RuleEnvironment ENV = RuleEnvironment.of(INSTRUMENTS);
    /** core-delta: version 1 flags 3 points worse by default, version 2 (and 10, to check numeric order) 5. */
    private static final RuleRegistry RULES = RuleRegistry.builder().add(TestRules.delta("2", 5)).add(TestRules.delta())
            .add(TestRules.delta("10", 7)).add(TestRules.pair()).build();

    @Test
    void aSpecWithoutVersionCreatesTheNewestAndAPinnedSpecItsVersion() {
        assertThat(RULES.create("core-delta", ENV).ref()).isEqualTo(RuleRef.of("core-delta", "10",
                java.util.Map.of("d", "7", "scale", "ta.total")));
        TrackRule v1 = RULES.create("core-delta@1", ENV);
        assertThat(v1.ref().version()).isEqualTo("1");
        assertThat(v1.ref().spec()).isEqualTo("core-delta:d=3,scale=ta.total");
        assertThat(v1.ref().pinnedSpec()).isEqualTo("core-delta@1:d=3,scale=ta.total");
        assertThat(RULES.create(v1.ref().pinnedSpec(), ENV).ref()).isEqualTo(v1.ref());
        assertThat(RULES.create("core-delta @ 2 : d=4", ENV).ref().pinnedSpec()).isEqualTo("core-delta@2:d=4,scale=ta.total");
        assertThat(RULES.versions("core-delta")).extracting(p -> p.version()).containsExactly("1", "2", "10");
        assertThat(RULES.provider("core-delta").orElseThrow().version()).isEqualTo("10");
        assertThat(RULES.providers()).extracting(p -> p.id()).containsExactly("core-delta", "core-pair");
        assertThat(RULES.versions("nothing")).isEmpty();
    }

    @Test
    void theSpecTextKeepsAPinnedVersionAndParsesBack() {
        RuleSpec s = RuleSpec.parse("core-delta@1:d=4");
        assertThat(s.version()).contains("1");
        assertThat(s.toString()).isEqualTo("core-delta@1:d=4");
        assertThat(RuleSpec.parse(s.toString())).isEqualTo(s);
        assertThat(RuleSpec.parse("core-delta").version()).isEmpty();
        assertThat(RuleSpec.parse("a:rules=(b@2.1;c)").toString()).isEqualTo("a:rules=(b@2.1;c)");
        assertThat(new RuleSpec("core-delta", new java.util.TreeMap<>()).version()).isEqualTo(Optional.empty());
    }

    @Test
    void badOrUnknownVersionsAreRefusedNamingWhatIsInstalled() {
        assertThatThrownBy(() -> RULES.create("core-delta@3", ENV)).isInstanceOf(RuleSpecException.class)
                .hasMessage("Rule 'core-delta' has no version 3; installed versions: [1, 2, 10]");
        assertThatThrownBy(() -> RuleSpec.parse("core-delta@")).isInstanceOf(RuleSpecException.class)
                .hasMessageContaining("position 12").hasMessageContaining("a version after '@'");
        assertThatThrownBy(() -> RuleSpec.parse("core-delta@1.")).hasMessageContaining("a version after '@'");
        assertThatThrownBy(() -> new RuleSpec("core-delta", new java.util.TreeMap<>(), Optional.of("v1")))
                .isInstanceOf(RuleSpecException.class).hasMessageContaining("Invalid version 'v1' of rule 'core-delta'");
    }

    @Test
    void theRegistryRefusesATakenVersionOrAVersionThatIsNotANumber() {
        assertThatThrownBy(() -> RuleRegistry.builder().add(TestRules.delta()).add(TestRules.delta("1", 4)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Duplicate rule id 'core-delta' version 1");
        assertThatThrownBy(() -> RuleRegistry.builder().add(TestRules.delta("1-beta", 4)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("has version '1-beta'")
                .hasMessageContaining("numbers separated by dots");
    }

    @Test
    void aSnapshotOfOneVersionIsRefusedByAMonitorOfAnother() {
        OutcomeMonitor v1 = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(RULES).rule("core-delta@1:d=5")
                .build();
        v1.record(Administration.builder("p1", "ta", 0).answer("q", 4).build());
        String snapshot = v1.snapshot();
        OutcomeMonitor newest = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(RULES).rule("core-delta:d=5")
                .build();
        assertThatThrownBy(() -> newest.restore(snapshot)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("v1").hasMessageContaining("v10");
        OutcomeMonitor same = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(RULES).rule("core-delta@1:d=5")
                .build();
        same.restore(snapshot);
        assertThat(same.snapshot()).isEqualTo(snapshot);
    }
}
