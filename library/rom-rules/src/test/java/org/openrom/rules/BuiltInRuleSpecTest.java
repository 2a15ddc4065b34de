package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openrom.core.RuleSpecException;

/** The built-in rules' parameters as the registry validates them (the parser itself is tested in rom-core). */
class BuiltInRuleSpecTest {

    @Test
    void unknownRulesListTheInstalledOnes() {
        assertThatThrownBy(() -> Fixtures.rule("no-such-rule")).isInstanceOf(RuleSpecException.class)
                .hasMessageStartingWith("Unknown rule 'no-such-rule'; installed rules: all-of, any-of, deterioration-or-no-change")
                .hasMessageContaining("talking-therapies");
    }

    @Test
    void unknownParametersListTheAcceptedOnesWithDefaults() {
        assertThatThrownBy(() -> Fixtures.rule("deterioration-or-no-change:runs=3"))
                .isInstanceOf(RuleSpecException.class)
                .hasMessageContaining("Unknown parameter 'runs' for rule 'deterioration-or-no-change'; accepted:")
                .hasMessageContaining("run (an integer in 1..1000, default 3)")
                .hasMessageContaining("reference (one of baseline, previous, default baseline)");
    }

    @Test
    void badValuesSayWhatIsAccepted() {
        assertThatThrownBy(() -> Fixtures.rule("deterioration-or-no-change:run=0"))
                .hasMessage("Invalid parameter run=0 of rule 'deterioration-or-no-change': expected an integer in 1..1000");
        assertThatThrownBy(() -> Fixtures.rule("deterioration-or-no-change:mode=relative"))
                .hasMessageContaining("expected one of absolute, improvement");
        assertThatThrownBy(() -> Fixtures.rule("deterioration-or-no-change:no-change=NaN"))
                .hasMessageContaining("expected a number in");
        assertThatThrownBy(() -> Fixtures.rule("deterioration-or-no-change:scale=nope.total"))
                .hasMessageContaining("Unknown scale 'nope.total'; known:");
        assertThatThrownBy(() -> Fixtures.rule("persistent:rule=(a;b)")).hasMessageContaining("a parenthesised list of 1 to 1");
        assertThatThrownBy(() -> Fixtures.rule("persistent")).hasMessageContaining("needs parameter 'rule'");
    }

    @Test
    void rulesThatNeedPsychometricsTheScaleLacksSaySo() {
        assertThatThrownBy(() -> Fixtures.rule("reliable-change"))
                .isInstanceOf(RuleSpecException.class)
                .hasMessageContaining("'sd-pre': scale odsis.total does not publish one");
        assertThatThrownBy(() -> Fixtures.rule("deterioration-threshold"))
                .hasMessageContaining("scale odsis.total publishes no reliable change");
        assertThatThrownBy(() -> Fixtures.rule("any-of:rules=(deterioration-threshold:scale=mood.total;percent-change)"))
                .hasMessageContaining("nested rules that all read the same scales");
    }
}
