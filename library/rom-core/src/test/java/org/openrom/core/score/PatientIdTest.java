package org.openrom.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.json.RomJson;

/** Patient and group ids have one normal form on every path, and nothing that can steer a terminal. */
class PatientIdTest {
    private static Administration adm(String patient) {
        return Administration.builder(patient, "x", 0).answer("q1", 1).build();
    }

    @Test
    void composedAndDecomposedSpellingsAreOnePatient() {
        String nfc = "S\u00f8ren-\u00e9";
        String nfd = "S\u00f8ren-e\u0301";
        assertThat(nfd).isNotEqualTo(nfc);
        assertThat(adm(nfd).patientId()).isEqualTo(nfc);
        assertThat(Administration.normalizeId(nfd)).isEqualTo(nfc);
    }

    @Test
    void surroundingWhiteSpaceIsStrippedOnEveryPath() {
        assertThat(adm("  p-17\t").patientId()).isEqualTo("p-17");
        Administration fromJson = RomJson.read("{\"patientId\": \" p-17 \", \"instrumentId\": \"x\", \"occasion\": 0, "
                + "\"answers\": {\"q1\": 1}}", Administration.class);
        assertThat(fromJson.patientId()).isEqualTo("p-17");
        assertThat(Administration.builder("p", "x", 0).groupId(" g1 ").build().groupId()).contains("g1");
    }

    @Test
    void controlAndFormatCharactersAreRejectedWithoutEchoingThem() {
        for (String bad : new String[] {"p\u001b[31m", "p\nq", "p\u202eevil", "p\u0085", "p\u200b", "", "   "}) {
            assertThatThrownBy(() -> adm(bad)).as(bad).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("patientId")
                    .hasMessageContaining("without control characters")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\u202e", "\n"));
        }
        assertThatThrownBy(() -> Administration.builder("p", "x", 0).groupId("g\u0007").build())
                .hasMessageContaining("groupId");
    }
}
