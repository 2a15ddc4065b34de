package org.openrom.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.CriticalItem;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentDefinitions;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Scale;
import org.openrom.core.json.RomJson;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.monitor.TestRules;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;

/** Critical items: declared in Java and JSON, raised by scoring and the monitor, worded by the clinic. */
class SafetyAlertTest {
    static final org.openrom.core.track.RuleRegistry RULES = org.openrom.core.track.RuleRegistry.builder()
            .add(org.openrom.core.monitor.TestRules.delta()).build();

    static Instrument risk() {
        Instrument.Builder b = Instrument.builder("risk", "1").name("Risk test instrument");
        for (int i = 1; i <= 4; i++) {
            b.item(Item.ordinal("q" + i, "topic " + i, 0, 3));
        }
        return b.scale(Scale.builder("total", "Risk").items("q1", "q2", "q3", "q4"))
                .criticalItem(new CriticalItem("q4", 1, Integer.MAX_VALUE, Severity.HIGH, "risk-q4",
                        Optional.of(new CriticalItem.Unanswered(Severity.MODERATE, "risk-q4-unanswered"))))
                .build();
    }

    static Administration adm(int occasion, Integer q4, int others) {
        Administration.Builder b = Administration.builder("p-1", "risk", occasion).date(LocalDate.of(2024, 5, 1));
        for (int i = 1; i <= 3; i++) {
            b.answer("q" + i, others);
        }
        if (q4 != null) {
            b.answer("q4", q4);
        }
        return b.build();
    }

    @Test
    void scoringRaisesTheAlertWithTheScoresAndARejectionCarriesIt() {
        Instrument ins = risk();
        Scores s = ins.score(adm(2, 2, 0));
        assertThat(s.alerts()).singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo("risk-q4");
            assertThat(a.value()).hasValue(2);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.occasion()).isEqualTo(2);
            assertThat(a.date()).contains(LocalDate.of(2024, 5, 1));
            assertThat(a.unanswered()).isFalse();
        });
        assertThat(ins.score(adm(2, 0, 3)).alerts()).isEmpty();
        assertThat(ins.score(adm(2, null, 1)).alerts()).singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo("risk-q4-unanswered");
            assertThat(a.unanswered()).isTrue();
            assertThat(a.severity()).isEqualTo(Severity.MODERATE);
        });
        // an invalid administration is rejected, and its alert is not lost
        assertThatThrownBy(() -> ins.score(adm(2, 3, 9))).isInstanceOfSatisfying(RejectedAdministrationException.class,
                e -> {
                    assertThat(e.violations()).isNotEmpty();
                    assertThat(e.alerts()).extracting(SafetyAlert::code).containsExactly("risk-q4");
                });
        // an answer of the critical item itself outside its range that meets the condition alerts too
        assertThatThrownBy(() -> ins.score(adm(2, 7, 0))).isInstanceOfSatisfying(RejectedAdministrationException.class,
                e -> assertThat(e.alerts()).extracting(a -> a.value().getAsInt()).containsExactly(7));
        assertThatThrownBy(() -> ins.score(adm(2, 0, 9))).isExactlyInstanceOf(ValidationException.class);
        // the summary names neither the patient nor the answer
        assertThat(s.alerts().get(0).toString()).doesNotContain("p-1").isEqualTo("SafetyAlert[risk-q4, high, risk.q4]");
    }

    @Test
    void theMonitorReturnsPushesAndNeverLosesAnAlertToARejection() {
        List<SafetyAlert> pushed = new ArrayList<>();
        OutcomeMonitor m = OutcomeMonitor.builder().instruments(InstrumentRegistry.builder().add(risk()).build())
                .ruleRegistry(RULES).rule("core-delta:scale=risk.total").alertListener(pushed::add).build();
        assertThat(m.record(adm(1, 1, 0)).alerts()).extracting(SafetyAlert::code).containsExactly("risk-q4");
        // out of order: rejected, with the alert
        assertThatThrownBy(() -> m.record(adm(0, 3, 0))).isInstanceOfSatisfying(RejectedAdministrationException.class,
                e -> assertThat(e.alerts()).extracting(a -> a.value().getAsInt()).containsExactly(3));
        assertThat(pushed).extracting(a -> a.value().getAsInt()).containsExactly(1, 3);
        // a listener that fails does not stop the recording, and the alert is still in the update
        OutcomeMonitor failing = OutcomeMonitor.builder().instruments(InstrumentRegistry.builder().add(risk()).build())
                .ruleRegistry(RULES).rule("core-delta:scale=risk.total").alertListener(a -> {
                    throw new IllegalStateException("pager down");
                }).build();
        assertThat(failing.record(adm(1, 2, 0)).alerts()).hasSize(1);
        assertThat(failing.status("p-1")).isNotEmpty();
    }

    @Test
    void definitionsDeclareCriticalItemsAndNameEveryMistake() {
        Instrument ins = risk();
        String json = InstrumentDefinitions.toJson(ins);
        assertThat(json).contains("\"criticalItems\"", "\"risk-q4-unanswered\"");
        assertThat(InstrumentDefinitions.fromJson(json)).isEqualTo(ins);
        assertThat(InstrumentDefinitions.fromJson(json).criticalItems()).isEqualTo(ins.criticalItems());
        String badSeverity = json.replace("\"severity\":\"high\"", "\"severity\":\"urgent\"");
        assertThatThrownBy(() -> InstrumentDefinitions.fromJson(badSeverity)).isInstanceOfSatisfying(
                ValidationException.class, e -> assertThat(e.getMessage()).contains("criticalItems[0].severity: got "
                        + "'urgent', expected high, moderate or low"));
        String badItem = json.replace("\"item\":\"q4\"", "\"item\":\"q9\"");
        assertThatThrownBy(() -> InstrumentDefinitions.fromJson(badItem)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.getMessage()).contains("criticalItems[0].item: got 'q9', expected an ordinal item"));
        // a condition no answer can meet, and an alert code used twice
        assertThatThrownBy(() -> Instrument.builder("x", "1").name("x").item(Item.ordinal("q1", "t", 0, 3))
                .scale(Scale.builder("total", "X").items("q1"))
                .criticalItem(new CriticalItem("q1", 5, 9, Severity.HIGH, "x-a", Optional.empty()))
                .criticalItem(new CriticalItem("q1", 1, 3, Severity.LOW, "x-a", Optional.empty())).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.path()).contains("criticalItems[0].atLeast", "criticalItems[1].code"));
        assertThatThrownBy(() -> new CriticalItem("q1", 3, 1, Severity.HIGH, "x", Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("atMost");
    }

    @Test
    void alertsTravelInTheLibrarysJson() {
        Scores s = risk().score(adm(3, 2, 1));
        String json = RomJson.write(s);
        assertThat(json).contains("\"alerts\":[{", "\"code\":\"risk-q4\"", "\"severity\":\"high\"", "\"value\":2");
        assertThat(RomJson.read(json, Scores.class)).isEqualTo(s);
        Scores none = risk().score(adm(3, 0, 1));
        assertThat(RomJson.write(none)).doesNotContain("alerts");
        SafetyAlert unanswered = risk().score(adm(3, null, 1)).alerts().get(0);
        assertThat(RomJson.write(unanswered)).contains("\"unanswered\":true").doesNotContain("\"value\"");
        assertThat(RomJson.read(RomJson.write(unanswered), SafetyAlert.class)).isEqualTo(unanswered);
        assertThatThrownBy(() -> RomJson.read(RomJson.write(unanswered).replace("\"unanswered\":true", "\"value\":1,"
                + "\"unanswered\":true"), SafetyAlert.class)).hasMessageContaining("either a value or");
    }

    @Test
    void theWordingIsTheClinicsWithANeutralDefaultInEnglishAndDanish() {
        SafetyAlert a = risk().score(adm(3, 2, 1)).alerts().get(0);
        SafetyAlert u = risk().score(adm(3, null, 1)).alerts().get(0);
        assertThat(AlertWording.neutral().text(a, "en")).isEqualTo("risk item q4, critical item: 2 at session 3. "
                + "Follow your clinic's risk procedure.");
        assertThat(AlertWording.neutral().text(a, "en", risk().alertLabels(a, "en"))).isEqualTo("Risk item 4, topic 4: 2 at "
                + "session 3. Follow your clinic's risk procedure.");
        assertThat(AlertWording.neutral().text(a, "da")).startsWith("risk spørgsmål q4, kritisk spørgsmål: 2 ved session 3");
        assertThatThrownBy(() -> TestRules.singleItem("ta").alertLabels(a, "en")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AlertWording.neutral().text(u, "en")).contains("left unanswered", "a skipped answer can hide risk");
        assertThat(AlertWording.neutral().text(a, "fr")).isEqualTo(AlertWording.neutral().text(a, "en"));
        AlertWording clinic = AlertWording.fromJson("{\"da\": {\"risk-q4\": \"Spørgsmål {item} = {value}: ring i dag, "
                + "lokal 1234.\"}, \"en\": {\"answered\": \"{instrument}/{item}: {value} ({severity})\"}}");
        assertThat(clinic.text(a, "da")).isEqualTo("Spørgsmål q4 = 2: ring i dag, lokal 1234.");
        assertThat(clinic.text(a, "en")).isEqualTo("risk/q4: 2 (high)");
        // what the clinic did not configure falls back to the neutral text in the language asked for
        assertThat(clinic.text(u, "da")).isEqualTo(AlertWording.neutral().text(u, "da"));
        assertThatThrownBy(() -> AlertWording.fromJson("{\"en\": {\"answered\": \"{patient} said {value}\", \"x\": 3}}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.path()).containsExactly("en.answered", "en.x"));
    }

    @Test
    void anAlertNeedsItsFields() {
        assertThatThrownBy(() -> new SafetyAlert(" ", "risk", 0, Optional.empty(), "q4", OptionalInt.of(1), Severity.HIGH,
                "c")).isInstanceOf(ValidationException.class).hasMessageContaining("patientId");
        assertThatThrownBy(() -> Severity.of("urgent")).hasMessageContaining("expected high, moderate or low");
        assertThat(Severity.of("moderate")).isEqualTo(Severity.MODERATE);
    }
}
