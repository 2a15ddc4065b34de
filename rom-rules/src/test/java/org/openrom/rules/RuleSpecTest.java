package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openrom.core.RuleSpecException;
import org.openrom.core.track.RuleSpec;

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
