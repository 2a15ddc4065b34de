package org.openrom.core.track.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openrom.core.track.RuleRef;

/** A provider's own tests can make the parameters the registry would hand it. */
class RuleParametersTest {
    private static final RuleRef REF = RuleRef.of("slope", "1", Map.of("window", "3"));

    @Test
    void valuesAreReadAsTheirTypes() {
        RuleParameters p = RuleParameters.of(REF, Map.of("window", 3L, "threshold", 0.5, "sticky", true, "mode", "slope"));
        assertThat(p.ref()).isEqualTo(REF);
        assertThat(p.integer("window")).isEqualTo(3);
        assertThat(p.decimal("threshold")).isEqualTo(0.5);
        assertThat(p.bool("sticky")).isTrue();
        assertThat(p.choice("mode")).isEqualTo("slope");
        assertThat(p.text("absent")).isEmpty();
        assertThatThrownBy(() -> p.integer("absent")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parameter absent of slope has no value");
    }

    @Test
    void nullsAreNamed() {
        assertThatThrownBy(() -> RuleParameters.of(null, Map.of())).hasMessage("ref");
        assertThatThrownBy(() -> RuleParameters.of(REF, null)).hasMessage("values");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("window", null);
        assertThatThrownBy(() -> RuleParameters.of(REF, withNull)).hasMessage("values: the value of window");
    }
}
