package org.openrom.core.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.CriticalItem;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Scale;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.monitor.TestRules;
import org.openrom.core.safety.Acknowledgement;
import org.openrom.core.safety.Severity;
import org.openrom.core.score.Administration;
import org.openrom.core.track.RuleRegistry;

/** The worklist: who needs attention, why, since when, in the documented order, filtered by assignment and group. */
class WorklistTest {
    /** A one-item measure a rule reads (NOT at 3 points above baseline), and a risk item with a critical answer. */
    static final InstrumentRegistry INSTRUMENTS = InstrumentRegistry.builder().add(TestRules.singleItem("ta"))
            .add(Instrument.builder("risk", "1").name("Risk").item(Item.ordinal("q1", "risk topic", 0, 3))
                    .scale(Scale.builder("total", "Risk").items("q1"))
                    .criticalItem(new CriticalItem("q1", 2, Integer.MAX_VALUE, Severity.HIGH, "risk-high", Optional.empty()))
                    .criticalItem(new CriticalItem("q1", 1, 1, Severity.MODERATE, "risk-moderate", Optional.empty()))
                    .build())
            .build();
    static final RuleRegistry RULES = RuleRegistry.builder().add(TestRules.delta()).build();

    static OutcomeMonitor monitor() {
        return OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(RULES).rule("core-delta").build();
    }

    static void measure(OutcomeMonitor m, String patient, String group, int occasion, int score) {
        m.record(Administration.builder(patient, "ta", occasion).groupId(group).answer("q", score).build());
    }

    static void risk(OutcomeMonitor m, String patient, String group, int occasion, int answer) {
        m.record(Administration.builder(patient, "risk", occasion).groupId(group).answer("q1", answer).build());
    }

    /** Eight members of g1 over sessions 0..5, each with one reason (or none). */
    static OutcomeMonitor cohort() {
        OutcomeMonitor m = monitor();
        for (int o = 0; o <= 5; o++) {
            measure(m, "fine", "g1", o, 10);
            measure(m, "newly", "g1", o, o == 5 ? 14 : 10);
            measure(m, "stuck", "g1", o, o >= 3 ? 14 : 10);
            if (o <= 3) {
                measure(m, "gone", "g1", o, 10);
            }
            if (o <= 4) {
                measure(m, "left-once", "g1", o, 10);
            }
            if (o <= 4) {
                measure(m, "skipped", "g1", o, 10);
            }
            measure(m, "alerted", "g1", o, 10);
            measure(m, "moderate", "g1", o, 10);
        }
        risk(m, "skipped", "g1", 5, 0); // came at 5, answered another form, not the measure
        risk(m, "alerted", "g1", 2, 3);
        risk(m, "moderate", "g1", 1, 1);
        return m;
    }

    @Test
    void everyReasonPutsThePatientOnTheListInTheDocumentedOrder() {
        Worklist w = cohort().worklist(WorklistQuery.all());
        assertThat(w.considered()).isEqualTo(8);
        assertThat(w.rows()).extracting(WorklistRow::patientId)
                .containsExactly("alerted", "moderate", "newly", "stuck", "gone", "skipped");
        WorklistRow alerted = w.rows().get(0);
        assertThat(alerted.first()).isEqualTo(Attention.SAFETY_ALERT);
        assertThat(alerted.reason()).isEqualTo("Safety alert: risk item q1 at session 2");
        assertThat(alerted.since()).isEqualTo(2);
        WorklistRow newly = w.rows().get(2);
        assertThat(newly.attention()).containsExactly(Attention.NEWLY_NOT);
        assertThat(newly.rule().orElseThrow().id()).isEqualTo("core-delta");
        assertThat(newly.reason()).isEqualTo("Not on track at session 5 by core-delta");
        WorklistRow stuck = w.rows().get(3);
        assertThat(stuck.attention()).containsExactly(Attention.PERSISTENTLY_NOT);
        assertThat(stuck.notInARow()).isEqualTo(3);
        assertThat(stuck.since()).isEqualTo(3);
        WorklistRow gone = w.rows().get(4);
        assertThat(gone.attention()).containsExactly(Attention.ABSENT);
        assertThat(gone.reason()).isEqualTo("Absent since session 4 (2 of the group's sessions missed)");
        assertThat(gone.lastSeen()).isEqualTo(3);
        assertThat(gone.groupSession()).isEqualTo(5);
        WorklistRow skipped = w.rows().get(5);
        assertThat(skipped.attention()).containsExactly(Attention.MEASURES_OVERDUE);
        assertThat(skipped.reason()).isEqualTo("Did not answer ta.total at session 5");
        // one missed session is not an absence by default; a clinic may say one is
        assertThat(w.rows()).extracting(WorklistRow::patientId).doesNotContain("left-once", "fine");
        assertThat(cohort().worklist(WorklistQuery.all().absentAfter(1)).rows()).extracting(WorklistRow::patientId)
                .contains("left-once");
    }

    @Test
    void anAcknowledgedAlertLeavesTheListAndStaysOnTheRowOfAPatientWhoIsThereForAnotherReason() {
        OutcomeMonitor m = cohort();
        Acknowledgement ack = new Acknowledgement("risk.q1@2", "c-1", Instant.parse("2026-12-07T09:00:00Z"),
                Optional.of("called-patient"));
        m.acknowledge("alerted", ack);
        assertThat(m.worklist(WorklistQuery.all()).rows()).extracting(WorklistRow::patientId).doesNotContain("alerted");
        risk(m, "stuck", "g1", 5, 3);
        m.acknowledge("stuck", new Acknowledgement("risk.q1@5", "c-1", Instant.parse("2026-12-07T09:05:00Z"),
                Optional.empty()));
        WorklistRow stuck = m.worklist(WorklistQuery.all()).rows().stream().filter(r -> r.patientId().equals("stuck"))
                .findFirst().orElseThrow();
        assertThat(stuck.first()).isEqualTo(Attention.PERSISTENTLY_NOT);
        assertThat(stuck.alerts()).isEmpty();
        assertThat(stuck.acknowledged()).singleElement().satisfies(t -> assertThat(t.acknowledgement().orElseThrow().by())
                .isEqualTo("c-1"));
    }

    @Test
    void filtersByClinicianTeamAndGroupCountWhatTheyLookedAt() {
        OutcomeMonitor m = cohort();
        measure(m, "other", "g2", 0, 10);
        measure(m, "other", "g2", 1, 15);
        Map<String, Assignment> who = Map.of("newly", new Assignment(Set.of("c-1"), Set.of("t-a")),
                "other", new Assignment(Set.of("c-1"), Set.of("t-b")), "gone", new Assignment(Set.of("c-2"), Set.of("t-a")));
        WorklistQuery q = WorklistQuery.all().withAssignments(who);
        // both newly Not On Track: the longer waiting first ("other" since session 1, "newly" since 5)
        assertThat(m.worklist(q.forClinician("c-1")).rows()).extracting(WorklistRow::patientId)
                .containsExactly("other", "newly");
        assertThat(m.worklist(q.forClinician("c-1")).considered()).isEqualTo(2);
        assertThat(m.worklist(q.forTeam("t-a")).rows()).extracting(WorklistRow::patientId).containsExactly("newly", "gone");
        assertThat(m.worklist(q.forGroup("g2")).rows()).extracting(WorklistRow::patientId).containsExactly("other");
        assertThat(m.worklist(q.forGroup("g2").forClinician("c-2")).rows()).isEmpty();
        assertThat(m.worklist(q.forClinician("c-9")).considered()).isZero();
        assertThat(m.worklist(q.forClinician("c-1")).rows().get(0).assignment().teams()).containsExactly("t-b");
    }

    @Test
    void theWorklistSurvivesASnapshotAndBadQueriesNameTheField() {
        OutcomeMonitor m = cohort();
        OutcomeMonitor copy = monitor();
        copy.restore(m.snapshot());
        assertThat(copy.worklist(WorklistQuery.all())).isEqualTo(m.worklist(WorklistQuery.all()));
        assertThat(m.snapshot()).contains("\"group\":\"g1\"", "\"notRun\":3,\"notSince\":3", "\"seen\":5");
        assertThatThrownBy(() -> WorklistQuery.all().absentAfter(0)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("absentAfter");
        assertThatThrownBy(() -> WorklistQuery.all().forClinician("c\n1")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("clinician");
        assertThatThrownBy(() -> new Assignment(Set.of(""), Set.of())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("clinicians");
        assertThat(monitor().worklist(WorklistQuery.all())).isEqualTo(new Worklist(List.of(), 0));
    }
}
