package org.openrom.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.CriticalItem;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Item;
import org.openrom.core.instrument.Scale;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.safety.Severity;
import org.openrom.core.score.Administration;

/** The one door: sessions, duplicates, precedence, and alerts that no policy can lose. */
class HistoryAssemblerTest {
    static final InstrumentRegistry REG = InstrumentRegistry.builder().add(risk()).build();

    static Instrument risk() {
        Instrument.Builder b = Instrument.builder("risk", "1").name("Risk test instrument");
        for (int i = 1; i <= 4; i++) {
            b.item(Item.ordinal("q" + i, "topic " + i, 0, 3));
        }
        return b.scale(Scale.builder("total", "Risk").items("q1", "q2", "q3", "q4"))
                .criticalItem(new CriticalItem("q4", 1, Integer.MAX_VALUE, Severity.HIGH, "risk-q4", Optional.empty()))
                .build();
    }

    static Administration adm(String patient, int others, int q4) {
        return Administration.builder(patient, "risk", 0).answers("q", others, others, others, q4).build();
    }

    static HistoryRow.Response response(String source, String patient, int others, int q4, HistoryRow.When when) {
        return new HistoryRow.Response(source, adm(patient, others, q4), when);
    }

    static HistoryAssembler assembler(HistoryAssembler.Duplicates d, HistoryAssembler.Precedence p, OccasionRule o) {
        return HistoryAssembler.builder(REG).duplicates(d).precedence(p).occasions(o).build();
    }

    static final HistoryAssembler DEFAULT = HistoryAssembler.builder(REG).build();

    @Test
    void statedSessionsMakeTheHistoryInSessionOrderWhateverTheArrival() {
        Assembly a = DEFAULT.assemble(List.of(response("r2", "p-1", 2, 0, HistoryRow.When.at(2)),
                response("r0", "p-1", 1, 0, HistoryRow.When.at(0)), response("x", "p-2", 0, 0, HistoryRow.When.at(5))));
        assertThat(a.issues()).isEmpty();
        assertThat(a.alerts()).isEmpty();
        assertThat(a.histories().keySet()).containsExactly("p-1", "p-2");
        PatientHistory h = a.history("p-1").orElseThrow();
        assertThat(h.series("risk.total").size()).isEqualTo(2);
        assertThat(h.series("risk.total").occasion(0)).isZero();
        assertThat(h.series("risk.total").value(1)).isEqualTo(6.0);
        assertThat(a.history("p-3")).isEmpty();
    }

    @Test
    void aRowWithoutASessionIsCountedAndItsAlertStillRaised() {
        HistoryRow.When undated = new HistoryRow.When(OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        Assembly a = DEFAULT.assemble(List.of(response("r", "p-1", 0, 2, undated)));
        assertThat(a.histories()).isEmpty();
        assertThat(a.issues()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo(DataIssue.Code.NO_OCCASION);
            assertThat(i.source()).isEqualTo("r");
            assertThat(i.patientId()).contains("p-1");
        });
        assertThat(a.alerts()).singleElement().satisfies(x -> {
            assertThat(x.occasion()).isEqualTo(-1);
            assertThat(x.value()).hasValue(2);
        });
    }

    @Test
    void rankOfDateNumbersTheDistinctDaysAndAStatedSessionWins() {
        LocalDate d = LocalDate.of(2024, 3, 1);
        Assembly a = assembler(HistoryAssembler.Duplicates.KEEP_LATEST_ALERT_ALL, HistoryAssembler.Precedence.RESPONSES,
                OccasionRule.rankOfDate()).assemble(List.of(response("b", "p-1", 2, 0, HistoryRow.When.on(d.plusDays(14))),
                        response("a", "p-1", 1, 0, HistoryRow.When.on(d)),
                        response("c", "p-1", 3, 0, new HistoryRow.When(OptionalInt.of(7), Optional.of(d), Optional.empty(),
                                Optional.empty()))));
        PatientHistory h = a.history("p-1").orElseThrow();
        assertThat(h.administrations()).extracting(Administration::occasion).containsExactly(0, 1, 7);
        assertThat(h.series("risk.total").value(1)).isEqualTo(6.0);
    }

    @Test
    void weeksSinceStartAndEncounterRules() {
        LocalDate start = LocalDate.of(2024, 1, 1);
        OccasionRule weeks = OccasionRule.weeksSince(p -> p.equals("p-1") ? Optional.of(start) : Optional.empty());
        List<HistoryRow.When> whens = List.of(HistoryRow.When.on(start.plusDays(15)), HistoryRow.When.on(start.minusDays(1)),
                HistoryRow.When.at(4));
        assertThat(weeks.assign("p-1", whens)).containsExactly(OptionalInt.of(2), OptionalInt.empty(), OptionalInt.of(4));
        assertThat(weeks.assign("p-2", whens)).containsExactly(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(4));
        OccasionRule enc = OccasionRule.byEncounter(e -> e.equals("Encounter/9") ? OptionalInt.of(3) : OptionalInt.empty());
        assertThat(enc.assign("p-1", List.of(new HistoryRow.When(OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.of("Encounter/9")), HistoryRow.When.on(start)))).containsExactly(OptionalInt.of(3), OptionalInt.empty());
        assertThat(OccasionRule.stated().assign("p", whens)).containsExactly(OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.of(4));
    }

    @Test
    void duplicatesFollowThePolicyAndTheDefaultKeepsEveryCopysAlert() {
        Instant t = Instant.parse("2024-03-01T10:00:00Z");
        // the amended copy (recorded later, listed first) corrects the critical answer to 0
        List<HistoryRow> rows = List.of(response("amended", "p-1", 2, 0, HistoryRow.When.at(1).recorded(t.plusSeconds(60))),
                response("original", "p-1", 1, 3, HistoryRow.When.at(1).recorded(t)));
        Assembly def = DEFAULT.assemble(rows);
        assertThat(def.history("p-1").orElseThrow().series("risk.total").value(0)).isEqualTo(6.0);
        assertThat(def.alerts()).extracting(x -> x.value().getAsInt()).containsExactly(3);
        assertThat(def.issues()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo(DataIssue.Code.SUPERSEDED);
            assertThat(i.source()).isEqualTo("original");
        });
        Assembly latest = assembler(HistoryAssembler.Duplicates.KEEP_LATEST, HistoryAssembler.Precedence.RESPONSES,
                OccasionRule.stated()).assemble(rows);
        assertThat(latest.alerts()).isEmpty();
        assertThat(latest.history("p-1").orElseThrow().series("risk.total").value(0)).isEqualTo(6.0);
        Assembly refuse = assembler(HistoryAssembler.Duplicates.REFUSE, HistoryAssembler.Precedence.RESPONSES,
                OccasionRule.stated()).assemble(rows);
        assertThat(refuse.histories()).isEmpty();
        assertThat(refuse.alerts()).hasSize(1);
        assertThat(refuse.issueCounts()).containsEntry(DataIssue.Code.DUPLICATE, 2);
        // without instants, the one that arrived last is the later
        Assembly arrival = DEFAULT.assemble(List.of(response("first", "p-1", 1, 0, HistoryRow.When.at(1)),
                response("second", "p-1", 2, 0, HistoryRow.When.at(1))));
        assertThat(arrival.history("p-1").orElseThrow().series("risk.total").value(0)).isEqualTo(6.0);
    }

    @Test
    void precedenceDecidesBetweenAResponseAndAStoredScore() {
        List<HistoryRow> rows = List.of(response("qr", "p-1", 1, 0, HistoryRow.When.at(1)),
                new HistoryRow.StoredScore("obs-1", "p-1", "risk.total", 9, HistoryRow.When.at(1)),
                new HistoryRow.StoredScore("obs-0", "p-1", "risk.total", 7, HistoryRow.When.at(0)),
                new HistoryRow.StoredScore("obs-2", "p-1", "risk.total", 8, HistoryRow.When.at(2)));
        Assembly r = DEFAULT.assemble(rows);
        var s = r.history("p-1").orElseThrow().series("risk.total");
        assertThat(s.size()).isEqualTo(3);
        assertThat(new double[] {s.value(0), s.value(1), s.value(2)}).containsExactly(7, 3, 8);
        assertThat(r.issues()).singleElement().satisfies(i -> {
            assertThat(i.source()).isEqualTo("obs-1");
            assertThat(i.code()).isEqualTo(DataIssue.Code.SUPERSEDED);
        });
        Assembly st = assembler(HistoryAssembler.Duplicates.KEEP_LATEST_ALERT_ALL, HistoryAssembler.Precedence.STORED_SCORES,
                OccasionRule.stated()).assemble(rows);
        var s2 = st.history("p-1").orElseThrow().series("risk.total");
        assertThat(new double[] {s2.value(0), s2.value(1), s2.value(2)}).containsExactly(7, 9, 8);
        assertThat(st.history("p-1").orElseThrow().administrations()).isEmpty();
        assertThat(st.issues()).singleElement().satisfies(i -> assertThat(i.source()).isEqualTo("qr"));
    }

    @Test
    void invalidRowsAreCountedWithTheirFieldAndInvalidAnswersStillAlert() {
        Administration bad = Administration.builder("p-1", "risk", 0).answers("q", 9, 0, 0, 2).build();
        Administration unknown = Administration.builder("p-1", "nosuch", 0).answer("q1", 1).build();
        Assembly a = DEFAULT.assemble(List.of(new HistoryRow.Response("bad", bad, HistoryRow.When.at(0)),
                new HistoryRow.Response("unknown", unknown, HistoryRow.When.at(0)),
                new HistoryRow.StoredScore("range", "p-1", "risk.total", 99, HistoryRow.When.at(3)),
                new HistoryRow.StoredScore("scale", "p-1", "nosuch.total", 1, HistoryRow.When.at(3)),
                new HistoryRow.Unusable("broken", "p-1", HistoryRow.When.at(4), DataIssue.Code.UNREADABLE,
                        Optional.of("QuestionnaireResponse.item[3]"), List.of(new SafetyAlert("p-1", "risk", 0,
                                Optional.empty(), "q4", OptionalInt.of(1), Severity.HIGH, "risk-q4")))));
        assertThat(a.histories()).isEmpty();
        assertThat(a.issues()).extracting(DataIssue::source, DataIssue::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("bad", DataIssue.Code.INVALID),
                org.assertj.core.groups.Tuple.tuple("unknown", DataIssue.Code.INVALID),
                org.assertj.core.groups.Tuple.tuple("range", DataIssue.Code.INVALID),
                org.assertj.core.groups.Tuple.tuple("scale", DataIssue.Code.INVALID),
                org.assertj.core.groups.Tuple.tuple("broken", DataIssue.Code.UNREADABLE));
        assertThat(a.issues().get(0).field()).hasValueSatisfying(f -> assertThat(f).contains("q1"));
        assertThat(a.issues().get(2).field()).contains("value");
        // the invalid response's critical answer, and the unusable row's alert dated with its session
        assertThat(a.alerts()).extracting(SafetyAlert::occasion, x -> x.value().getAsInt())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(4, 1));
    }

    @Test
    void issuesAreCodedAndTheirSeverityFollowsTheirCode() {
        assertThat(DataIssue.Code.CRITICAL_ITEM_UNREADABLE.code()).isEqualTo("critical-item-unreadable");
        assertThat(DataIssue.Code.CRITICAL_ITEM_UNREADABLE.severity()).isEqualTo(Severity.HIGH);
        DataIssue i = DataIssue.of(null, "Observation/1", DataIssue.Code.FOREIGN_PATIENT, null);
        assertThat(i.patientId()).isEmpty();
        assertThat(i.toString()).isEqualTo("DataIssue[foreign-patient, moderate, Observation/1]");
        assertThatThrownBy(() -> DataIssue.of("p", " ", DataIssue.Code.INVALID, null))
                .hasMessageContaining("source");
        assertThatThrownBy(() -> HistoryRow.When.at(-1)).hasMessageContaining("occasion");
        assertThatThrownBy(() -> new HistoryRow.StoredScore("s", "p-1", "risk.total", Double.NaN, HistoryRow.When.at(0)))
                .hasMessageContaining("value");
        assertThatThrownBy(() -> DEFAULT.assemble(java.util.Arrays.asList((HistoryRow) null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("rows");
        assertThat(new ArrayList<>(DEFAULT.assemble(List.of()).issues())).isEmpty();
        assertThat(DEFAULT.toString()).contains("KEEP_LATEST_ALERT_ALL", "RESPONSES", "stated");
    }
}
