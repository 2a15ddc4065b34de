package org.openrom.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.safety.SafetyAlert;
import org.openrom.core.safety.Severity;
import org.openrom.core.score.Administration;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Laws of the one door over random rows: several patients, duplicates, missing sessions and dates, invalid answers,
 * stored scores and unusable rows, in random arrival order, under every policy.
 */
class HistoryAssemblerProperties {
    /** Each row from six numbers: kind, patient, session (or none), answers, critical answer, recorded instant. */
    private static Gen<int[]> seeds() {
        return Generate.intArrays(Generate.range(0, 36), Generate.range(0, 1_000));
    }

    private static List<HistoryRow> rows(int[] v) {
        List<HistoryRow> out = new ArrayList<>();
        for (int i = 0; i + 5 < v.length; i += 6) {
            String patient = "p-" + v[i + 1] % 3;
            int kind = v[i] % 10;
            OptionalInt occ = v[i + 2] % 7 == 6 ? OptionalInt.empty() : OptionalInt.of(v[i + 2] % 6);
            Optional<LocalDate> date = v[i + 2] % 5 == 0 ? Optional.empty()
                    : Optional.of(LocalDate.of(2024, 1, 1).plusDays(v[i + 2] % 40));
            // distinct instants, so that "the later copy" never depends on the arrival order
            HistoryRow.When when = new HistoryRow.When(occ, date, Optional.of(Instant.ofEpochSecond(1_700_000_000L + i)),
                    Optional.empty());
            String source = "row-" + i;
            if (kind < 6) {
                int others = v[i + 3] % 5; // 4: out of range, an invalid administration
                int q4 = v[i + 4] % 4;
                out.add(new HistoryRow.Response(source, Administration.builder(patient, "risk", 0)
                        .answers("q", others, others == 4 ? 1 : others, 1, q4).build(), when));
            } else if (kind < 9) {
                out.add(new HistoryRow.StoredScore(source, patient, v[i + 3] % 7 == 0 ? "nosuch.total" : "risk.total",
                        v[i + 4] % 14, when));
            } else {
                out.add(unusable(source, patient, when, v[i + 4] % 4));
            }
        }
        return out;
    }

    private static HistoryRow.Unusable unusable(String source, String patient, HistoryRow.When when, int q4) {
        List<SafetyAlert> alerts = q4 == 0 ? List.of() : List.of(new SafetyAlert(patient, "risk", 0, Optional.empty(), "q4",
                OptionalInt.of(q4), Severity.HIGH, "risk-q4"));
        return new HistoryRow.Unusable(source, patient, when, DataIssue.Code.UNREADABLE, Optional.empty(), alerts);
    }

    private static final List<HistoryAssembler> ASSEMBLERS = new ArrayList<>();

    static {
        for (HistoryAssembler.Duplicates d : HistoryAssembler.Duplicates.values()) {
            for (HistoryAssembler.Precedence p : HistoryAssembler.Precedence.values()) {
                for (OccasionRule o : List.of(OccasionRule.stated(), OccasionRule.rankOfDate())) {
                    ASSEMBLERS.add(HistoryAssemblerTest.assembler(d, p, o));
                }
            }
        }
    }

    private static Set<String> issueSet(Assembly a) {
        Set<String> out = new HashSet<>();
        a.issues().forEach(i -> out.add(i.source() + ":" + i.code()));
        return out;
    }

    @Test
    void theArrivalOrderChangesNothing() {
        qt().withExamples(300).forAll(seeds(), Generate.range(0, ASSEMBLERS.size() - 1), Generate.longRange(0, 1 << 30))
                .checkAssert((v, k, seed) -> {
                    List<HistoryRow> rows = rows(v);
                    List<HistoryRow> shuffled = new ArrayList<>(rows);
                    Collections.shuffle(shuffled, new Random(seed));
                    Assembly a = ASSEMBLERS.get(k).assemble(rows);
                    Assembly b = ASSEMBLERS.get(k).assemble(shuffled);
                    assertThat(b.histories()).isEqualTo(a.histories());
                    assertThat(b.alerts()).isEqualTo(a.alerts());
                    assertThat(issueSet(b)).isEqualTo(issueSet(a));
                    assertThat(b.issues()).hasSameSizeAs(a.issues());
                });
    }

    @Test
    void everyRowIsUsedOrCountedNeverBoth() {
        qt().withExamples(300).forAll(seeds(), Generate.range(0, ASSEMBLERS.size() - 1)).checkAssert((v, k) -> {
            List<HistoryRow> rows = rows(v);
            Assembly a = ASSEMBLERS.get(k).assemble(rows);
            Set<String> withIssue = new HashSet<>();
            a.issues().forEach(i -> withIssue.add(i.source()));
            assertThat(a.issues()).hasSize(withIssue.size()); // one issue per row at most
            int points = 0;
            for (PatientHistory h : a.histories().values()) {
                points += h.administrations().size();
                for (String scale : h.scales()) {
                    points += h.series(scale).size();
                }
                points -= h.administrations().stream().filter(x -> x.instrumentId().equals("risk")).count();
            }
            // each used response is one administration (its one scale counted once), each used stored score one point
            assertThat(points).isEqualTo(rows.size() - withIssue.size());
            for (HistoryRow r : rows) {
                if (r instanceof HistoryRow.Unusable) {
                    assertThat(withIssue).contains(r.source());
                }
            }
        });
    }

    @Test
    void noPolicyButKeepLatestEverLosesACriticalAnswer() {
        qt().withExamples(300).forAll(seeds(), Generate.range(0, ASSEMBLERS.size() - 1)).checkAssert((v, k) -> {
            HistoryAssembler asm = ASSEMBLERS.get(k);
            List<HistoryRow> rows = rows(v);
            Assembly a = asm.assemble(rows);
            for (HistoryRow r : rows) {
                int q4 = r instanceof HistoryRow.Response resp ? resp.administration().answers().get("q4")
                        : r instanceof HistoryRow.Unusable u && !u.alerts().isEmpty() ? u.alerts().get(0).value().getAsInt() : 0;
                if (q4 == 0 || (asm.duplicates() == HistoryAssembler.Duplicates.KEEP_LATEST && issueSet(a)
                        .contains(r.source() + ":" + DataIssue.Code.SUPERSEDED))) {
                    continue;
                }
                assertThat(a.alerts()).as("row %s", r.source()).anySatisfy(x -> {
                    assertThat(x.patientId()).isEqualTo(r.patientId());
                    assertThat(x.value()).hasValue(q4);
                });
            }
        });
    }

    @Test
    void addingAnUnusableRowNeverRemovesAnAlertOrChangesAHistory() {
        qt().withExamples(300).forAll(seeds(), Generate.range(0, ASSEMBLERS.size() - 1), Generate.range(0, 3))
                .checkAssert((v, k, q4) -> {
                    List<HistoryRow> rows = rows(v);
                    Assembly before = ASSEMBLERS.get(k).assemble(rows);
                    List<HistoryRow> more = new ArrayList<>(rows);
                    more.add(unusable("extra", "p-1", HistoryRow.When.at(2), q4));
                    Assembly after = ASSEMBLERS.get(k).assemble(more);
                    assertThat(after.alerts()).containsAll(before.alerts());
                    assertThat(after.histories()).isEqualTo(before.histories());
                    assertThat(after.issues()).hasSize(before.issues().size() + 1);
                });
    }
}
