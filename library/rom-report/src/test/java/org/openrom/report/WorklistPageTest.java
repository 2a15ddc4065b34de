package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.safety.Acknowledgement;
import org.openrom.core.score.Administration;
import org.openrom.core.worklist.Worklist;
import org.openrom.core.worklist.WorklistQuery;

/** The worklist page: each row's reason, rule and version, since when, alerts and acknowledgements, in en and da. */
class WorklistPageTest {
    static OutcomeMonitor monitor() {
        OutcomeMonitor m = OutcomeMonitor.builder().instruments(Example.INSTRUMENTS).ruleRegistry(Example.RULES)
                .needs(Example.NEEDS).keepHistory(100).rule("deterioration-or-no-change").build();
        for (int o = 0; o <= 4; o++) {
            m.record(Administration.builder("p-1", "odsis", o).groupId("g1").answers("q", 2, 2, 2, 2, 2).build());
            m.record(Administration.builder("p-2", "odsis", o).groupId("g1").answers("q", 2, 2, 2, 2, o >= 2 ? 4 : 2).build());
            if (o <= 2) {
                m.record(Administration.builder("p-3", "odsis", o).groupId("g1").answers("q", 2, 2, 2, 2, 2).build());
            }
        }
        m.record(Administration.builder("p-1", "phq9", 3).groupId("g1").answers("q", 0, 0, 0, 0, 0, 0, 0, 0, 2).build());
        return m;
    }

    @Test
    void theWorklistPageSaysWhoWhySinceWhenAndByWhichRule() throws Exception {
        OutcomeMonitor m = monitor();
        Worklist w = m.worklist(WorklistQuery.all());
        ReportRenderer en = new ReportRenderer(Example.NEEDS, "en");
        String page = en.worklist(w, "clinician c-1", Map.of("p-1", "reports/p-1.html", "p-2", "javascript:alert(1)"),
                "groups.html");
        ReportTest.parseXml(page);
        assertThat(page).contains("<h1>Worklist · clinician c-1</h1>",
                "3 of 3 patients need attention: 1 safety alert, 1 persistently not on track, 1 absent",
                "<a href=\"reports/p-1.html\"><strong>Patient p-1</strong></a>",
                "Safety alert from session 3, not yet acknowledged.",
                "PHQ-9 item 9, thoughts of death or self-harm: More than half the days (2) at session 3.",
                "Not on track 2 sessions in a row since session 3 by Deterioration or no change.",
                "Deterioration or no change (v2)", "Absent since session 3: 2 of the group&#39;s sessions missed.",
                "<a href=\"groups.html\">All groups</a>")
                .doesNotContain("javascript:");
        assertThat(page.indexOf("p-1")).isLessThan(page.indexOf("p-2"));
        m.acknowledge("p-1", new Acknowledgement("phq9.q9@3", "c-1", Instant.parse("2026-12-07T10:00:00Z"),
                Optional.of("called-patient")));
        String after = en.worklist(m.worklist(WorklistQuery.all()), "", Map.of());
        // p-1 stays for being persistently not on track; the alert is gone from the list and says who acknowledged it
        assertThat(after).doesNotContain("not yet acknowledged", "⚠").contains(
                "3 of 3 patients need attention: 2 persistently not on track, 1 absent",
                "Acknowledged by c-1 at 2026-12-07 10:00 UTC: called-patient.");
        String da = new ReportRenderer(Example.NEEDS, "da").worklist(w, "", Map.of());
        ReportTest.parseXml(da);
        assertThat(da).contains("lang=\"da\"", "Arbejdsliste", "3 af 3 patienter kræver opmærksomhed",
                "mere end halvdelen af dagene (2)", "Fraværende siden session 3");
        assertThat(en.worklist(new Worklist(List.of(), 12), "", Map.of())).contains("Nobody needs attention: 12 patients "
                + "looked at.");
        assertThatThrownBy(() -> en.worklist(w, "", Map.of(), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("groups");
    }
}
