package org.openrom.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openrom.core.DataFormatException;
import org.openrom.core.RomException;
import org.openrom.core.score.Administration;
import org.openrom.core.track.Finding;

/** Each limit of the hardened Jackson configuration, proven. */
class JsonHardeningTest {

    @Test
    void documentSizeLimit() {
        StringBuilder sb = new StringBuilder((int) RomJson.MAX_DOCUMENT_LENGTH + 64).append("[");
        while (sb.length() < RomJson.MAX_DOCUMENT_LENGTH + 16) {
            sb.append("1,");
        }
        sb.append("1]");
        assertThatThrownBy(() -> RomJson.readTree(sb.toString(), "big")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Document length");
    }

    @Test
    void stringLengthLimit() {
        String json = "{\"code\":\"x\",\"sentence\":\"" + "a".repeat(RomJson.MAX_STRING_LENGTH + 1) + "\"}";
        assertThatThrownBy(() -> RomJson.read(json, Finding.class)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("String value length");
    }

    @Test
    void nestingAndNumberLimits() {
        String deep = "{\"a\":".repeat(RomJson.MAX_NESTING_DEPTH + 1) + "1" + "}".repeat(RomJson.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> RomJson.readTree(deep, "deep")).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> RomJson.readTree("[" + "1".repeat(RomJson.MAX_NUMBER_LENGTH + 1) + "]", "n"))
                .hasMessageContaining("Number value length");
    }

    @Test
    void unknownPropertiesAndNullsForPrimitivesAreRejected() {
        assertThatThrownBy(() -> RomJson.read("{\"code\":\"x\",\"sentence\":\"y\",\"extra\":1}", Finding.class))
                .isInstanceOf(RomException.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> RomJson.read("{\"patientId\":\"p\",\"instrumentId\":\"odsis\",\"occasion\":null,\"answers\":{}}",
                Administration.class)).isInstanceOf(RomException.class).hasMessageContaining("occasion");
        assertThatThrownBy(() -> RomJson.read("{\"patientId\":\"p\",\"instrumentId\":\"odsis\",\"occasion\":1,\"answers\":{\"q1\":null}}",
                Administration.class)).isInstanceOf(RomException.class).hasMessageContaining("answers.q1");
    }

    @Test
    void noDefaultTyping() {
        ObjectMapper m = RomJson.newMapper();
        assertThat(m.getDeserializationConfig().getDefaultTyper(m.constructType(Object.class))).isNull();
        assertThatThrownBy(() -> RomJson.read("[\"java.util.HashMap\",{}]", Finding.class)).isInstanceOf(RomException.class);
    }

    @Test
    void syntaxErrorsNeverQuoteTheInput() {
        // a JSON Lines export whose comment lost its quotes: the words must not reach the message (embedders log it)
        String line = "{\"patientId\": \"p1\", \"comment\": Ihatemylife}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RomJson.readTree(line, "in.jsonl"))
                .isInstanceOf(org.openrom.core.DataFormatException.class)
                .hasMessageStartingWith("in.jsonl:1:")
                .hasMessageContaining("<input of")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("hate"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RomJson.readTree("{\"a\": \"secret text\" x}", "in"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("secret", "x}"));
    }
}
