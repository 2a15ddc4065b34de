package org.openrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.core.DataFormatException;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasurePatient;
import org.openrom.measures.MeasurePatient.DiagnosisKind;
import org.openrom.measures.MeasurePatient.Tool;
import org.openrom.measures.MeasureResult;
import org.openrom.measures.MeasurementPeriod;

/** The researcher's tidy CSV for the episode measures. */
class MeasureInputTest {
    @TempDir
    Path tmp;

    private List<MeasurePatient> read(String csv) throws IOException {
        Path f = Files.writeString(tmp.resolve("m.csv"), csv);
        List<MeasurePatient> out = new ArrayList<>();
        MeasureInput.open(f).forEachPatient(out::add);
        return out;
    }

    @Test
    void rowsBecomeTypedFactsEachNamedByItsLine() throws IOException {
        List<MeasurePatient> ps = read("""
                patient_id,birth_date,date,score,tool,visit,depression,bipolar,hospice,palliative,died
                p10,,2025-03-01,3,,,,,,,
                p2,2010-06-01,2024-03-01T09:30,15,phq9m,1,1,,,,
                p2,,2024-03-01T08:00,12,,,,,,,
                p10,1970-01-01,2024-02-01,14,,1,1,,,,
                p10,,2025-04-02,,,,,1,1,1,1
                """);
        assertThat(ps).extracting(MeasurePatient::patientId).containsExactly("p2", "p10");
        MeasurePatient p2 = ps.get(0);
        assertThat(p2.birthDate()).hasValue(LocalDate.of(2010, 6, 1));
        // ordered by time, not by row
        assertThat(p2.assessments()).extracting(MeasurePatient.Assessment::id).containsExactly("m.csv:4", "m.csv:3");
        assertThat(p2.assessments().get(1).tool()).isEqualTo(Tool.PHQ9M);
        assertThat(p2.visits()).extracting(MeasurePatient.Visit::id).containsExactly("m.csv:3");
        assertThat(p2.diagnoses()).extracting(MeasurePatient.Diagnosis::kind).containsExactly(DiagnosisKind.DEPRESSION);
        MeasurePatient p10 = ps.get(1);
        assertThat(p10.death()).hasValue(MeasurePatient.Death.on(LocalDate.of(2025, 4, 2)));
        assertThat(p10.care()).hasSize(2);
        assertThat(p10.diagnoses()).extracting(MeasurePatient.Diagnosis::kind).containsExactly(DiagnosisKind.DEPRESSION,
                DiagnosisKind.BIPOLAR);
        MeasurementPeriod mp = MeasurementPeriod.year(2025);
        MeasureResult r10 = EpisodeMeasure.CMS159.evaluate(p10, mp);
        assertThat(r10.exclusions()).containsExactly("hospice", "palliative-care", "died", "mental-health-disorder");
        MeasureResult r2 = EpisodeMeasure.CMS159.evaluate(p2, mp);
        assertThat(r2.index().orElseThrow().id()).isEqualTo("m.csv:4");
        assertThat(r2.stratum()).hasValue("12-17");
    }

    @Test
    void everyBadCellIsNamedByFileLineColumnAndWhatWasExpected() {
        String h = "patient_id,date,score,tool,visit,birth_date,died\n";
        assertThatThrownBy(() -> read(h + "p1,2025-02-30,3,,,,\n")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("m.csv:2:2: column date: got a text of 10 characters, expected an ISO date");
        assertThatThrownBy(() -> read(h + "p1,2025-02-01,three,,,,\n")).hasMessageContaining("m.csv:2:3: column score: got "
                + "a text of 5 characters, expected a PHQ-9 total");
        assertThatThrownBy(() -> read(h + "p1,2025-02-01,3,gad7,,,\n")).hasMessageContaining("column tool: got a text of 4 "
                + "characters, expected phq9 or phq9m");
        assertThatThrownBy(() -> read(h + "p1,2025-02-01,,phq9,,,\n")).hasMessageContaining("empty on a row without a score");
        assertThatThrownBy(() -> read(h + "p1,2025-02-01,,,yes,,\n")).hasMessageContaining("column visit: got a text of 3 "
                + "characters, expected 0 or 1");
        assertThatThrownBy(() -> read(h + "p1,2025-02-01,,,,2000-01-01,\np1,2025-02-02,,,,2000-01-02,\n"))
                .hasMessageContaining("m.csv:3:6: column birth_date: got a text of 10 characters, expected the birth "
                        + "date of the patient's other rows").hasMessageNotContaining("2000");
        assertThatThrownBy(() -> read(h + "p1,2025-02-01,,,,,1\np1,2025-02-02,,,,,1\n"))
                .hasMessageContaining("one day of death per patient");
        assertThatThrownBy(() -> read("patient_id,day\n")).hasMessageContaining("missing column date")
                .hasMessageNotContaining("looks like");
        assertThatThrownBy(() -> read("patient_id,occasion,instrument,item,value\n")).hasMessageContaining(
                "This looks like a cohort file for rom score and rom track");
        assertThatThrownBy(() -> read("patient_id,date,phq9\n")).hasMessageContaining("unknown column 'phq9'");
        assertThatThrownBy(() -> read("")).hasMessageContaining("empty file");
        assertThatThrownBy(() -> read(h + " ,2025-02-01,,,,,\n")).hasMessageContaining("column patient_id");
    }
}
