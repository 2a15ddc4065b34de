package org.openrom.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openrom.core.DataFormatException;
import org.openrom.core.ValidationException;
import org.openrom.core.Violation;
import org.openrom.core.score.Administration;

class AdministrationJsonTest {

    @Test
    void readsTheDocumentedForm() {
        Administration a = RomJson.read("""
                {"patientId": "p-7", "instrumentId": "odsis", "occasion": 3, "date": "2024-02-01",
                 "groupId": "g1", "answers": {"q1": 2, "q2": 0}, "comment": "ok"}""", Administration.class);
        assertThat(a.patientId()).isEqualTo("p-7");
        assertThat(a.occasion()).isEqualTo(3);
        assertThat(a.date()).contains(LocalDate.of(2024, 2, 1));
        assertThat(a.answers()).containsEntry("q1", 2).containsEntry("q2", 0);
        assertThat(a.comment()).contains("ok");
        assertThat(RomJson.write(a)).isEqualTo("{\"patientId\":\"p-7\",\"instrumentId\":\"odsis\",\"occasion\":3,"
                + "\"date\":\"2024-02-01\",\"groupId\":\"g1\",\"answers\":{\"q1\":2,\"q2\":0},\"comment\":\"ok\"}");
    }

    @Test
    void everyProblemIsListedWithItsField() {
        assertThatThrownBy(() -> RomJson.read("""
                {"patientId": "p", "instrumentId": "odsis", "occasion": "3", "colour": "blue",
                 "answers": {"q1": 2.5, "q2": "NaN", "q3": 1, "q3": 2, "q4": [1], "q5": null}}""", Administration.class))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path)
                        .containsExactlyInAnyOrder("answers.q1", "answers.q2", "answers.q3", "answers.q4", "answers.q5",
                                "occasion", "colour"));
    }

    @Test
    void duplicateItemsAreNamed() {
        assertThatThrownBy(() -> RomJson.read("""
                {"patientId": "p", "instrumentId": "odsis", "occasion": 1, "answers": {"q1": 1, "q1": 2}}""",
                Administration.class))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("answers.q1: got 'q1', expected each item once (duplicate item)");
    }

    @Test
    void nanTokensAndMalformedJsonAreDataFormatErrorsWithPosition() {
        assertThatThrownBy(() -> RomJson.read("{\"patientId\": \"p\", \"instrumentId\": \"odsis\", \"occasion\": 1,"
                + " \"answers\": {\"q1\": NaN}}", Administration.class))
                .isInstanceOfSatisfying(DataFormatException.class, e -> {
                    assertThat(e.line()).contains(1L);
                    assertThat(e.column()).isPresent();
                });
        assertThatThrownBy(() -> RomJson.read("{\"patientId\": ", Administration.class))
                .isInstanceOf(DataFormatException.class);
    }

    @Test
    void aJsonNullIsNotAValue() {
        assertThatThrownBy(() -> RomJson.read("null", Administration.class)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("got null");
        assertThatThrownBy(() -> RomJson.read(" null ", org.openrom.core.score.Scores.class)).isInstanceOf(DataFormatException.class);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> RomJson.read("{\"occasion\": 1}", Administration.class))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).containsExactlyInAnyOrder("patientId", "instrumentId", "answers"));
    }

    @Test
    void freeTextNeverAppearsInErrorMessages() {
        assertThatThrownBy(() -> RomJson.read("""
                {"patientId": "p", "instrumentId": "odsis", "occasion": 1, "answers": {"q1": "I feel awful today"}}""",
                Administration.class))
                .hasMessageNotContaining("awful").hasMessageContaining("<text of 18 characters>");
    }

    @Test
    void hardenedLimitsRejectDeepNestingAndHugeNumbers() {
        String deep = "[".repeat(RomJson.MAX_NESTING_DEPTH + 5) + "]".repeat(RomJson.MAX_NESTING_DEPTH + 5);
        assertThatThrownBy(() -> RomJson.readTree(deep, "deep")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("nesting depth");
        String longNumber = "{\"a\": " + "9".repeat(RomJson.MAX_NUMBER_LENGTH + 10) + "}";
        assertThatThrownBy(() -> RomJson.readTree(longNumber, "num")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Number value length");
        assertThatThrownBy(() -> RomJson.readTree("{\"a\": 1, \"a\": 2}", "dup")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> RomJson.readTree("{\"a\": 1} {}", "trailing")).isInstanceOf(DataFormatException.class);
    }
}
