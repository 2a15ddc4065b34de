package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.RuleSpecException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.track.ScoreSeries;
import org.openrom.rules.research.ComparisonTables;
import org.openrom.rules.research.Outcome;
import org.openrom.rules.research.RuleComparison;
import org.openrom.rules.research.RuleSweep;

/** The research outcome definitions, sweeps and tables live in the library (the CLI only wires them). */
class OutcomeTest {
    private static Outcome parse(String s) {
        return Outcome.parse(s, Fixtures.INSTRUMENTS::findScale);
    }

    @Test
    void outcomesTakeThePublishedDefaultsAndJudgeFirstAgainstLast() {
        Outcome o = parse("not-improved:scale=mood.total");
        assertThat(o.threshold()).isEqualTo(5); // the test scale's published reliable change
        assertThat(o.spec()).isEqualTo("not-improved:by=5,scale=mood.total");
        assertThat(o.poor(ScoreSeries.consecutive("p", "mood.total", 20, 18, 16))).contains(true); // improved by 4 < 5
        assertThat(o.poor(ScoreSeries.consecutive("p", "mood.total", 20, 15))).contains(false);
        assertThat(o.poor(ScoreSeries.consecutive("p", "mood.total", 20))).isEmpty();
        Outcome c = parse("case-at-end:scale=mood.total,cutoff=20");
        assertThat(c.threshold()).isEqualTo(20);
        assertThat(c.poor(ScoreSeries.consecutive("p", "mood.total", 30, 20))).contains(true);
        assertThat(c.poor(ScoreSeries.consecutive("p", "mood.total", 30, 19))).contains(false);
        Outcome g = parse("case-at-end:scale=gain.total,cutoff=40"); // higher is better
        assertThat(g.poor(ScoreSeries.consecutive("p", "gain.total", 10, 40))).contains(true);
        assertThat(g.poor(ScoreSeries.consecutive("p", "gain.total", 10, 41))).contains(false);
    }

    @Test
    void deteriorationRecoveryAndDropOutFollowTheirDefinitions() {
        Outcome d = parse("reliable-deterioration:scale=mood.total");
        assertThat(d.spec()).isEqualTo("reliable-deterioration:by=5,scale=mood.total");
        assertThat(d.poor(ScoreSeries.consecutive("p", "mood.total", 20, 10, 25))).contains(true); // 5 points worse
        assertThat(d.poor(ScoreSeries.consecutive("p", "mood.total", 20, 24))).contains(false);
        Outcome r = parse("not-recovered:scale=mood.total,cutoff=20");
        assertThat(r.spec()).isEqualTo("not-recovered:by=5,cutoff=20,scale=mood.total");
        assertThat(r.poor(ScoreSeries.consecutive("p", "mood.total", 30, 19))).contains(false); // recovered
        assertThat(r.poor(ScoreSeries.consecutive("p", "mood.total", 24, 19))).contains(false); // case, then not, by 5
        assertThat(r.poor(ScoreSeries.consecutive("p", "mood.total", 22, 19))).contains(true); // crossed, by 3 < 5
        assertThat(r.poor(ScoreSeries.consecutive("p", "mood.total", 30, 20))).contains(true); // still a case
        assertThat(r.poor(ScoreSeries.consecutive("p", "mood.total", 19, 5))).isEmpty(); // not a case: cannot recover
        assertThat(r.exclusion(ScoreSeries.consecutive("p", "mood.total", 19, 5))).hasValueSatisfying(
                w -> assertThat(w).contains("not a case at the first observation"));
        Outcome o = parse("drop-out:scale=mood.total,before=8");
        assertThat(o.minimumObservations()).isEqualTo(1);
        assertThat(o.poor(ScoreSeries.consecutive("p", "mood.total", 20))).contains(true); // last at 0
        assertThat(o.poor(ScoreSeries.of("p", "mood.total", new int[] {0, 8}, new double[] {20, 20}))).contains(false);
        assertThat(o.exclusion(ScoreSeries.empty("p", "mood.total"))).contains("no observation of mood.total");
        assertThatThrownBy(() -> parse("drop-out:scale=mood.total")).hasMessageContaining("needs before=K");
        assertThatThrownBy(() -> parse("drop-out:scale=mood.total,before=2.5")).hasMessageContaining("whole occasion");
    }

    @Test
    void badOutcomesAreErrorsThatSayWhatIsAccepted() {
        assertThatThrownBy(() -> parse("better:scale=mood.total")).isInstanceOf(RuleSpecException.class)
                .hasMessageContaining("accepted: not-improved, case-at-end, reliable-deterioration, not-recovered, drop-out");
        assertThatThrownBy(() -> parse("not-improved:scale=mood.total,cutoff=3")).hasMessageContaining("accepted: [scale, by]");
        assertThatThrownBy(() -> parse("not-improved:scale=nope.total")).hasMessageContaining("neither installed nor in the input");
        assertThatThrownBy(() -> parse("not-improved:scale=mood.total,by=NaN")).hasMessageContaining("expected a finite number > 0");
        assertThatThrownBy(() -> parse("not-improved:scale=mood.total,by=0")).hasMessageContaining("> 0");
        assertThatThrownBy(() -> parse("case-at-end:scale=mood.total")).hasMessageContaining("publishes no cut-off");
    }

    @Test
    void sweepsAndTablesComeFromTheLibrary() {
        assertThat(RuleSweep.specs("deterioration-or-no-change:scale=mood.total", "deterioration=2..4"))
                .extracting(s -> s.replaceAll(".*deterioration=([0-9.]+).*", "$1")).containsExactly("2", "3", "4");
        assertThatThrownBy(() -> RuleSweep.specs("deterioration-or-no-change", "deterioration=4..2"))
                .hasMessageContaining("expected a <= b");
        RuleComparison cmp = new RuleComparison(List.of(Fixtures.rule("deterioration-or-no-change:scale=mood.total")));
        Outcome o = parse("not-improved:scale=mood.total");
        PatientHistory worse = PatientHistory.of("a");
        PatientHistory better = PatientHistory.of("b");
        int[] w = {20, 24, 25, 26};
        int[] b = {20, 15, 12, 10};
        for (int i = 0; i < w.length; i++) {
            worse = worse.append(Fixtures.adm("a", "mood", i, w[i]), Fixtures.INSTRUMENTS.get("mood").score(Fixtures.adm("a", "mood", i, w[i])));
            better = better.append(Fixtures.adm("b", "mood", i, b[i]), Fixtures.INSTRUMENTS.get("mood").score(Fixtures.adm("b", "mood", i, b[i])));
        }
        assertThat(cmp.add(worse, o)).isTrue();
        assertThat(cmp.add(better, o)).isTrue();
        assertThat(cmp.add(PatientHistory.of("c"), o)).isFalse();
        assertThat(cmp.results().get(0).tp()).isEqualTo(1);
        assertThat(cmp.results().get(0).tn()).isEqualTo(1);
        assertThat(ComparisonTables.markdown(cmp)).contains("Patients: 2 (poor outcome: 1)", "100.0%");
        assertThat(ComparisonTables.json(cmp)).contains("\"tp\" : 1");
    }
}
