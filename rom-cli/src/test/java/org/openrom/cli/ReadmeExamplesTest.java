package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.json.RomJson;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;

/** The code examples of README.md, compiled and run so that they cannot rot. Keep them in sync. */
class ReadmeExamplesTest {

    @Test
    void scoreAnAdministration() {
        // --- README: Score an administration ---
        InstrumentRegistry instruments = InstrumentRegistry.loadDefault();      // built-ins + plugins on the class path
        Administration a = RomJson.read("""
            {"patientId": "p-17", "instrumentId": "odsis", "occasion": 3,
             "answers": {"q1": 2, "q2": 3, "q3": 1, "q4": 2, "q5": 2}}""", Administration.class);
        Scores scores = instruments.get(a.instrumentId()).score(a);             // validates, never clamps
        Scale odsis = instruments.scale("odsis.total");
        double total = scores.get("odsis.total").orElseThrow().value().orElseThrow();   // 10.0
        double shown = odsis.displayValue(total);                               // 10.0: ODSIS is shown as 20 − total
        boolean clinical = odsis.isCase(total);                                 // true: at or above the cut-off 8
        String json = RomJson.write(scores);                                    // lossless JSON out
        // --- end ---
        assertThat(total).isEqualTo(10.0);
        assertThat(shown).isEqualTo(10.0);
        assertThat(clinical).isTrue();
        assertThat(RomJson.read(json, Scores.class)).isEqualTo(scores);
    }

    @Test
    void flagAPatient() {
        List<String> printed = new ArrayList<>();
        // --- README: Flag a patient ---
        OutcomeMonitor monitor = OutcomeMonitor.builder()
                .rule("deterioration-or-no-change")                         // the study's NOT rule on ODSIS
                .rule("persistent:k=2,rule=(deterioration-or-no-change)")   // persistently NOT
                .build();                                                    // instruments and rules: discovered
        int[][] weeks = {{3, 3, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 2, 3}};   // ODSIS totals 12, 13, 15
        for (int week = 0; week < weeks.length; week++) {
            MonitorUpdate u = monitor.record(Administration.builder("p-17", "odsis", week).answers("q", weeks[week]).build());
            if (u.becameNotOnTrack()) {
                printed.add(u.assessments().get(0).reasons().get(0).sentence());
                // ODSIS 15 is 3 points worse than baseline 12 at session 2
            }
        }
        String state = monitor.snapshot();                                   // persist; monitor.restore(state) later
        // --- end ---
        assertThat(printed).containsExactly("ODSIS 15 is 3 points worse than baseline 12 at session 2");
        assertThat(state).contains("p-17");
    }
}
