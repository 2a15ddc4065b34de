package org.openrom.core.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openrom.core.RuleSpecException;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Scale;
import org.openrom.core.monitor.TestRules;
import org.openrom.core.track.spi.RuleEnvironment;

/** Spec parsing and the registry's validation, with rom-core's test rules (no built-in rule involved). */
class RuleSpecTest {

    @Test
    void parsesAndPrintsCanonically() {
        RuleSpec s = RuleSpec.parse(" persistent : rule = ( deterioration-or-no-change:run=4 ) , k=2 ");
        assertThat(s.toString()).isEqualTo("persistent:k=2,rule=(deterioration-or-no-change:run=4)");
        assertThat(RuleSpec.parse("any-of:rules=(a;b:x=1)").toString()).isEqualTo("any-of:rules=(a;b:x=1)");
        assertThat(RuleSpec.parse("percent-change").parameters()).isEmpty();
    }

    @Test
    void syntaxErrorsNameThePositionAndTheExpectation() {
        assertThatThrownBy(() -> RuleSpec.parse("rule:run")).isInstanceOf(RuleSpecException.class)
                .hasMessage("Cannot parse rule spec 'rule:run' at position 9: found the end, expected '=' after parameter 'run'");
        assertThatThrownBy(() -> RuleSpec.parse("Rule")).hasMessageContaining("expected a rule id");
        assertThatThrownBy(() -> RuleSpec.parse("a:x=(b;c")).hasMessageContaining("';' or ')'");
        assertThatThrownBy(() -> RuleSpec.parse("a:x=1,x=2")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> RuleSpec.parse("a:x=")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> RuleSpec.parse("a:x=(".repeat(20) + "b" + ")".repeat(20)))
                .hasMessageContaining("levels of nested rules");
    }

    private static final InstrumentRegistry INSTRUMENTS = InstrumentRegistry.builder().add(TestRules.singleItem("ta"))
            .add(TestRules.singleItem("tb")).build();
    private static final RuleRegistry RULES = RuleRegistry.builder().add(TestRules.delta()).add(TestRules.pair()).build();
    private static final RuleEnvironment ENV = RuleEnvironment.of(INSTRUMENTS);


    @Test
    void theRegistryAppliesDefaultsAndReportsTheCanonicalSpec() {
        TrackRule r = RULES.create(" core-delta : d = 4.0 ", ENV);
        assertThat(r.ref().spec()).isEqualTo("core-delta:d=4,scale=ta.total");
        assertThat(RULES.create(r.ref().spec(), ENV).ref()).isEqualTo(r.ref());
        assertThat(RULES.create("core-pair", ENV).scales()).containsExactly("ta.total", "tb.total");
    }

    @Test
    void unknownRulesListTheInstalledOnes() {
        assertThatThrownBy(() -> RULES.create("no-such-rule", ENV)).isInstanceOf(RuleSpecException.class)
                .hasMessageStartingWith("Unknown rule 'no-such-rule'; installed rules: core-delta, core-pair");
    }

    @Test
    void unknownParametersListTheAcceptedOnesWithDefaults() {
        assertThatThrownBy(() -> RULES.create("core-delta:dd=3", ENV)).isInstanceOf(RuleSpecException.class)
                .hasMessageContaining("Unknown parameter 'dd' for rule 'core-delta'; accepted:")
                .hasMessageContaining("d (a number in 0.5..100, default 3)");
    }

    @Test
    void badValuesSayWhatIsAccepted() {
        assertThatThrownBy(() -> RULES.create("core-delta:d=0", ENV))
                .hasMessage("Invalid parameter d=0 of rule 'core-delta': expected a number in 0.5..100");
        assertThatThrownBy(() -> RULES.create("core-delta:d=NaN", ENV)).hasMessageContaining("expected a number in");
        assertThatThrownBy(() -> RULES.create("core-delta:scale=nope.total", ENV))
                .hasMessageContaining("Unknown scale 'nope.total'; known:");
    }

    @Test
    void aRuleIdCanBeInstalledOnce() {
        assertThatThrownBy(() -> RuleRegistry.builder().add(TestRules.delta()).add(TestRules.delta()).build())
                .hasMessageContaining("core-delta");
    }
}
