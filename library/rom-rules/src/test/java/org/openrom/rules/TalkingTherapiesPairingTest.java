package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.RuleSpecException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.score.Administration;
import org.openrom.rules.research.Outcome;
import org.quicktheories.generators.SourceDSL;

/**
 * The Talking Therapies outcome's two readings of "first and last": the first and last occasion with both PHQ-9 and
 * GAD-7 ({@code pairing=paired}, the default) or each measure's own first and last score ({@code pairing=each}).
 */
class TalkingTherapiesPairingTest {
    static final List<String> POOR = List.of("not-reliably-recovered", "not-recovered", "not-reliably-improved",
            "reliable-deterioration");

    /** PHQ-9 scores by occasion (null: not given), GAD-7 likewise. */
    static PatientHistory history(Integer[] phq, Integer[] gad) {
        List<Administration> as = new ArrayList<>();
        for (int o = 0; o < phq.length; o++) {
            if (phq[o] != null) {
                as.add(Fixtures.adm("p", "phq9", o, phq[o]));
            }
            if (gad[o] != null) {
                as.add(Fixtures.adm("p", "gad7", o, gad[o]));
            }
        }
        return PatientHistory.score("p", Fixtures.INSTRUMENTS, as);
    }

    static Outcome outcome(String poor, String pairing) {
        return Outcome.parse("talking-therapies:poor=" + poor + (pairing == null ? "" : ",pairing=" + pairing),
                Fixtures.INSTRUMENTS::findScale);
    }

    /**
     * The definitions written apart from the rule (NHS Talking Therapies: caseness PHQ-9 ≥ 10 or GAD-7 ≥ 8; reliable
     * change 6 and 4): poor or not for a first and a last score of each measure; null when the patient cannot recover.
     */
    static Boolean oracle(String poor, double p0, double p1, double g0, double g1) {
        boolean case0 = p0 >= 10 || g0 >= 8;
        boolean case1 = p1 >= 10 || g1 >= 8;
        boolean worse = p1 - p0 >= 6 || g1 - g0 >= 4;
        boolean better = (p0 - p1 >= 6 || g0 - g1 >= 4) && !worse;
        boolean recovered = case0 && !case1;
        switch (poor) {
            case "not-recovered":
                return case0 ? !recovered : null;
            case "not-reliably-improved":
                return !better;
            case "reliable-deterioration":
                return worse;
            default:
                return case0 ? !(recovered && better) : null;
        }
    }

    static int first(Integer[] s) {
        for (Integer v : s) {
            if (v != null) {
                return v;
            }
        }
        throw new AssertionError();
    }

    static int last(Integer[] s) {
        for (int i = s.length - 1; i >= 0; i--) {
            if (s[i] != null) {
                return s[i];
            }
        }
        throw new AssertionError();
    }

    @Test
    void aGad7MissedAtTheLastSessionIsWhereTheTwoReadingsPart() {
        // PHQ-9 20 → 8 at session 3; GAD-7 12 → 6 at session 2 and not given at session 3
        PatientHistory h = history(new Integer[] {20, 18, 12, 8}, new Integer[] {12, 10, 6, null});
        // paired: sessions 0 and 2 (PHQ-9 12 is still a case): not recovered
        Outcome paired = outcome("not-reliably-recovered", null);
        assertThat(paired.judge(h).poor()).isTrue();
        assertThat(paired.judge(h).lastOccasion()).isEqualTo(2);
        // each: PHQ-9 20 → 8 and GAD-7 12 → 6: reliably recovered, judged at session 3
        Outcome each = outcome("not-reliably-recovered", "each");
        assertThat(each.judge(h).poor()).isFalse();
        assertThat(each.judge(h).lastOccasion()).isEqualTo(3);
        assertThat(each.spec()).endsWith(",poor=not-reliably-recovered,pairing=each");
        // the default's spec is unchanged, so earlier outputs are byte for byte the same
        assertThat(paired.spec()).endsWith(",poor=not-reliably-recovered");
        assertThat(outcome("not-reliably-recovered", "paired").spec()).isEqualTo(paired.spec());
    }

    @Test
    void eachNeedsTwoScoresOfEachMeasureAndPairedTwoOccasionsWithBoth() {
        // PHQ-9 at 0 and 1, GAD-7 at 1 and 2: one paired occasion only, but two scores of each
        PatientHistory h = history(new Integer[] {15, 12, null}, new Integer[] {null, 9, 5});
        assertThat(outcome("reliable-deterioration", null).judge(h).exclusion()).contains("fewer than two occasions with both");
        assertThat(outcome("reliable-deterioration", "each").judge(h).counted()).isTrue();
        PatientHistory once = history(new Integer[] {15, 12}, new Integer[] {9, null});
        assertThat(outcome("reliable-deterioration", "each").judge(once).exclusion())
                .isEqualTo("fewer than two observations of gad7.total");
        assertThatThrownBy(() -> outcome("not-recovered", "first")).isInstanceOf(RuleSpecException.class)
                .hasMessageContaining("pairing=first").hasMessageContaining("expected paired");
    }

    /**
     * The laws, on random courses with either measure missed at random sessions: pairing=each is the definitions on
     * each measure's first and last score; pairing=paired is the definitions on the first and last occasion with
     * both; and with nothing missed the two agree.
     */
    @Test
    void eachReadingIsTheDefinitionsOnItsFirstAndLastScores() {
        qt().withExamples(400).forAll(SourceDSL.longs().all(), SourceDSL.integers().between(0, 3)).checkAssert((seed, m) -> {
            Random r = new Random(seed);
            int n = 2 + r.nextInt(8);
            boolean gaps = r.nextBoolean();
            Integer[] phq = new Integer[n];
            Integer[] gad = new Integer[n];
            for (int o = 0; o < n; o++) {
                phq[o] = gaps && r.nextInt(4) == 0 ? null : r.nextInt(28);
                gad[o] = gaps && r.nextInt(4) == 0 ? null : r.nextInt(22);
            }
            String poor = POOR.get(m);
            PatientHistory h = history(phq, gad);
            Outcome.Judgement each = outcome(poor, "each").judge(h);
            long phqN = java.util.Arrays.stream(phq).filter(java.util.Objects::nonNull).count();
            long gadN = java.util.Arrays.stream(gad).filter(java.util.Objects::nonNull).count();
            if (phqN < 2 || gadN < 2) {
                assertThat(each.counted()).isFalse();
            } else {
                Boolean expected = oracle(poor, first(phq), last(phq), first(gad), last(gad));
                assertThat(each.counted()).isEqualTo(expected != null);
                if (expected != null) {
                    assertThat(each.poor()).isEqualTo(expected);
                }
            }
            List<Integer> both = new ArrayList<>();
            for (int o = 0; o < n; o++) {
                if (phq[o] != null && gad[o] != null) {
                    both.add(o);
                }
            }
            Outcome.Judgement paired = outcome(poor, null).judge(h);
            if (both.size() < 2) {
                assertThat(paired.counted()).isFalse();
            } else {
                int a = both.get(0);
                int b = both.get(both.size() - 1);
                Boolean expected = oracle(poor, phq[a], phq[b], gad[a], gad[b]);
                assertThat(paired.counted()).isEqualTo(expected != null);
                if (expected != null) {
                    assertThat(paired.poor()).isEqualTo(expected);
                    assertThat(paired.lastOccasion()).isEqualTo(b);
                }
            }
            if (!gaps) {
                // the same verdict at the same session (an exclusion's wording names its reading)
                assertThat(List.of(each.counted(), each.poor(), each.lastOccasion()))
                        .isEqualTo(List.of(paired.counted(), paired.poor(), paired.lastOccasion()));
            }
        });
    }
}
