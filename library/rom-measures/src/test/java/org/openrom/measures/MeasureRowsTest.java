package org.openrom.measures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;

/** The tidy rows of the measures, the one reader the CSV file and Spark share. */
class MeasureRowsTest {
    @Test
    void rowsBecomeFactsAndARejectedRowChangesNothing() {
        MeasureRows p = MeasureRows.patient(" p1 ");
        assertThat(p.patientId()).isEqualTo("p1");
        p.add(Map.of("date", "2024-03-01", "score", "15", "visit", "1", "depression", "1", "birth_date", "1980-01-01")::get,
                "r1");
        MeasurePatient before = p.build();
        // a row with a bad flag after a good score: neither the score nor the birth date is kept
        assertThatThrownBy(() -> p.add(Map.of("date", "2025-03-01", "score", "3", "birth_date", "1980-01-01",
                "hospice", "yes")::get, "r2")).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).violations().get(0).path()).isEqualTo("hospice"))
                .hasMessageContaining("expected 0 or 1 (empty: 0)");
        assertThat(p.build()).isEqualTo(before);
        assertThatThrownBy(() -> p.add(Map.of("date", "2025-03-01", "birth_date", "1981-01-01")::get, "r3"))
                .hasMessageContaining("birth_date").hasMessageContaining("one birth date per patient");
        assertThatThrownBy(() -> p.add(Map.of("date", "2025-03-01", "score", "1e3")::get, "r4"))
                .hasMessageContaining("a PHQ-9 total such as 12");
        assertThatThrownBy(() -> p.add(Map.of("score", "3")::get, "r5")).hasMessageContaining("date");
        assertThatThrownBy(() -> MeasureRows.patient(" ")).hasMessageContaining("patient_id");
        p.add(Map.of("date", "2025-03-01T09:30", "score", "3", "tool", "phq9m", "died", "1")::get, "r6");
        MeasurePatient after = p.build();
        assertThat(after.assessments()).extracting(MeasurePatient.Assessment::id).containsExactly("r1", "r6");
        assertThat(after.assessments().get(1).tool()).isEqualTo(MeasurePatient.Tool.PHQ9M);
        assertThat(after.death()).hasValue(MeasurePatient.Death.on(LocalDate.of(2025, 3, 1)));
        assertThat(after.visits()).hasSize(1);
        assertThat(MeasureRows.COLUMNS).startsWith("patient_id", "date").containsAll(MeasureRows.FLAGS);
    }
}
