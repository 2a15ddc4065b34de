package org.openrom.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openrom.core.UnknownIdException;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.monitor.TestRules;
import org.openrom.core.report.NotReport;

/** An alert stays open until a clinician acknowledges it: in the monitor's state, its reports and its snapshots. */
class AcknowledgementTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:15:00Z");
    private static final InstrumentRegistry INSTRUMENTS = instruments();

    /** The needs engine's test instruments, a risk instrument with a critical item, and one a rule reads. */
    private static InstrumentRegistry instruments() {
        InstrumentRegistry.Builder b = InstrumentRegistry.builder().add(SafetyAlertTest.risk()).add(TestRules.singleItem("ta"));
        org.openrom.core.needs.TestNeeds.instruments().instruments().forEach(b::add);
        return b.build();
    }

    private static OutcomeMonitor monitor(int history) {
        OutcomeMonitor.Builder b = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(SafetyAlertTest.RULES)
                .rule("core-delta:scale=risk.total").needs(org.openrom.core.needs.TestNeeds.engine());
        return history > 0 ? b.keepHistory(history).build() : b.build();
    }

    private static Acknowledgement ack(String alertId, String action) {
        return new Acknowledgement(alertId, "c-17", AT, Optional.ofNullable(action));
    }

    @Test
    void anAlertStaysOnEveryLaterReportUntilAcknowledgedAndIsListedWithItsAcknowledgementAfter() {
        OutcomeMonitor m = monitor(20);
        m.record(SafetyAlertTest.adm(1, 0, 0));
        m.record(SafetyAlertTest.adm(2, 2, 0));
        m.record(SafetyAlertTest.adm(3, 0, 0));
        m.record(SafetyAlertTest.adm(4, 0, 1));
        NotReport r = m.report("p-1");
        assertThat(r.occasion()).isEqualTo(4);
        assertThat(r.alerts()).extracting(SafetyAlert::id).containsExactly("risk.q4@2");
        assertThat(r.acknowledgedAlerts()).isEmpty();
        assertThat(m.report("p-1", 1).alerts()).isEmpty(); // not before it was raised

        Acknowledgement stands = m.acknowledge("p-1", ack("risk.q4@2", "called-patient"));
        assertThat(stands.action()).contains("called-patient");
        NotReport after = m.report("p-1");
        assertThat(after.alerts()).isEmpty();
        assertThat(after.acknowledgedAlerts()).singleElement().satisfies(t -> {
            assertThat(t.alert().id()).isEqualTo("risk.q4@2");
            assertThat(t.acknowledgement().orElseThrow().by()).isEqualTo("c-17");
            assertThat(t.acknowledgement().orElseThrow().at()).isEqualTo(AT);
        });
        // the first acknowledgement stands; a retry returns it
        Acknowledgement again = m.acknowledge("p-1", new Acknowledgement("risk.q4@2", "c-99", AT.plusSeconds(60),
                Optional.empty()));
        assertThat(again).isEqualTo(stands);
        assertThat(m.alerts("p-1")).singleElement().satisfies(t -> assertThat(t.isOpen()).isFalse());
    }

    @Test
    void anAlertOfAnInstrumentNoRuleReadsIsKeptByAMonitorWithoutHistory() {
        // the CDS case: PHQ-9 item 9 on a monitor whose rules read another scale, keeping no history
        OutcomeMonitor m = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(SafetyAlertTest.RULES)
                .rule("core-delta").build();
        m.record(SafetyAlertTest.adm(3, 3, 0));
        assertThat(m.alerts("p-1")).extracting(t -> t.alert().id()).containsExactly("risk.q4@3");
        assertThat(m.patientCount()).isEqualTo(1);
        OutcomeMonitor copy = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(SafetyAlertTest.RULES)
                .rule("core-delta").build();
        copy.restore(m.snapshot());
        assertThat(copy.alerts("p-1")).isEqualTo(m.alerts("p-1"));
    }

    @Test
    void aRejectedAdministrationStillLeavesItsAlertOpen() {
        OutcomeMonitor m = monitor(0);
        m.record(SafetyAlertTest.adm(5, 0, 0));
        // an earlier session arriving late is rejected (out of order), and its alert is kept open all the same
        assertThatThrownBy(() -> m.record(SafetyAlertTest.adm(4, 3, 0))).isInstanceOf(RejectedAdministrationException.class);
        // an invalid answer: rejected by scoring, the alert is kept too
        assertThatThrownBy(() -> m.record(SafetyAlertTest.adm(6, 2, 9))).isInstanceOf(RejectedAdministrationException.class);
        assertThat(m.alerts("p-1")).extracting(t -> t.alert().id()).containsExactly("risk.q4@4", "risk.q4@6");
        // sent again, an administration raises nothing new
        assertThatThrownBy(() -> m.record(SafetyAlertTest.adm(4, 3, 0))).isInstanceOf(RejectedAdministrationException.class);
        assertThat(m.alerts("p-1")).hasSize(2);
    }

    @Test
    void acknowledgementsAreCodedNeverFreeTextAndUnknownAlertsAreNamed() {
        assertThatThrownBy(() -> ack("risk.q4@2", "Called her, she is fine")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("action").hasMessageContaining("never free text");
        assertThatThrownBy(() -> new Acknowledgement("risk.q4@2", "", AT, Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("by");
        assertThatThrownBy(() -> new Acknowledgement("risk.q4@2", "c\n17", AT, Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("by");
        OutcomeMonitor m = monitor(0);
        m.record(SafetyAlertTest.adm(2, 2, 0));
        assertThatThrownBy(() -> m.acknowledge("p-2", ack("risk.q4@2", null))).isInstanceOf(UnknownIdException.class)
                .hasMessageContaining("patient");
        assertThatThrownBy(() -> m.acknowledge("p-1", ack("risk.q4@3", null))).isInstanceOf(UnknownIdException.class)
                .hasMessageContaining("Unknown alert").hasMessageContaining("known: risk.q4@2");
        assertThat(m.alerts("p-1").get(0).isOpen()).isTrue(); // a refused call changes nothing
        assertThat(ack("risk.q4@2", "called-patient").toString()).doesNotContain("c-17");
    }

    @Test
    void snapshotsKeepAlertsAndAcknowledgementsAndVersion2SnapshotsAreStillRead() throws Exception {
        OutcomeMonitor m = monitor(20);
        m.record(SafetyAlertTest.adm(1, 2, 0));
        m.record(SafetyAlertTest.adm(2, null, 0));
        m.acknowledge("p-1", ack("risk.q4@1", "crisis-plan-reviewed"));
        String snap = m.snapshot();
        assertThat(snap).contains("\"version\":3", "\"ack\":{\"by\":\"c-17\",\"at\":\"2026-12-07T10:15:00Z\","
                + "\"action\":\"crisis-plan-reviewed\"}");
        OutcomeMonitor copy = monitor(20);
        copy.restore(snap);
        assertThat(copy.snapshot()).isEqualTo(snap);
        assertThat(copy.report("p-1").alerts()).extracting(SafetyAlert::id).containsExactly("risk.q4@2");
        // an edited acknowledgement with free text is refused, digest or not
        assertThatThrownBy(() -> copy.restore(reDigest(snap.replace("crisis-plan-reviewed", "She said she was fine"))))
                .hasMessageContaining("alerts[0]");
        // a version 2 snapshot (no alerts) is read
        OutcomeMonitor plain = monitor(0);
        plain.record(org.openrom.core.score.Administration.builder("p-9", "risk", 0).answer("q1", 1).answer("q2", 1)
                .answer("q3", 1).answer("q4", 0).build());
        String v2 = reDigest(plain.snapshot().replace("\"version\":3", "\"version\":2"));
        OutcomeMonitor old = monitor(0);
        old.restore(v2);
        assertThat(old.status("p-9")).isEqualTo(plain.status("p-9"));
    }

    @Test
    void aClinicMayShowAnUnacknowledgedAlertForAStatedNumberOfSessionsOnly() {
        OutcomeMonitor m = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(SafetyAlertTest.RULES)
                .rule("core-delta:scale=risk.total").needs(org.openrom.core.needs.TestNeeds.engine()).keepHistory(20)
                .alertsOpenFor(2).build();
        for (int o = 1; o <= 5; o++) {
            m.record(SafetyAlertTest.adm(o, o == 1 ? 2 : 0, 0));
        }
        assertThat(m.report("p-1", 3).alerts()).extracting(SafetyAlert::id).containsExactly("risk.q4@1");
        assertThat(m.report("p-1", 4).alerts()).isEmpty();
        assertThat(m.alerts("p-1")).singleElement().satisfies(t -> assertThat(t.isOpen()).isTrue()); // kept all the same
        assertThatThrownBy(() -> OutcomeMonitor.builder().alertsOpenFor(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keptAlertsTravelAsJsonAndAFreeTextActionIsRefusedThere() {
        OutcomeMonitor m = monitor(0);
        m.record(SafetyAlertTest.adm(2, 2, 0));
        m.acknowledge("p-1", ack("risk.q4@2", "called-patient"));
        TrackedAlert t = m.alerts("p-1").get(0);
        String json = org.openrom.core.json.RomJson.write(t);
        assertThat(json).contains("\"acknowledgement\":{\"alertId\":\"risk.q4@2\",\"by\":\"c-17\"");
        assertThat(org.openrom.core.json.RomJson.read(json, TrackedAlert.class)).isEqualTo(t);
        assertThatThrownBy(() -> org.openrom.core.json.RomJson.read(json.replace("called-patient", "called, all fine"),
                TrackedAlert.class)).isInstanceOf(ValidationException.class).hasMessageContaining("acknowledgement.action");
        assertThatThrownBy(() -> org.openrom.core.json.RomJson.read(json.replace("\"alertId\":\"risk.q4@2\"",
                "\"alertId\":\"risk.q4@3\""), TrackedAlert.class)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("an acknowledgement of risk.q4@2");
    }

    /** The snapshot with its trailer's digest recomputed, as an editor who knows the format would. */
    static String reDigest(String snapshot) throws Exception {
        int end = snapshot.lastIndexOf("{\"end\"");
        String body = snapshot.substring(0, end);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        return body + snapshot.substring(end).replaceAll("\"sha256\":\"[0-9a-f]+\"", "\"sha256\":\"" + digest + "\"");
    }
}
