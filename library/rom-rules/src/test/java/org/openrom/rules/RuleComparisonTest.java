package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackRule;
import org.openrom.rules.research.RuleComparison;

class RuleComparisonTest {

    @Test
    void countsFlagsBeforeTheLastObservationAndComputesAgreement() {
        TrackRule a = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=3");
        TrackRule b = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=6");
        RuleComparison c = new RuleComparison(List.of(a, b));
        double[][] patients = {{10, 14, 14}, {10, 17, 11}, {10, 10, 14}, {10, 9, 8}};
        boolean[] poor = {true, true, true, false};
        for (int i = 0; i < patients.length; i++) {
            ScoreSeries s = ScoreSeries.consecutive("p" + i, "mood.total", patients[i]);
            c.add(poor[i], 2, List.of(a.evaluate(s), b.evaluate(s)));
        }
        var r = c.results();
        // rule a flags p0 and p1 (NOT at occasion 1); p2 is NOT only at the last occasion: not flagged
        assertThat(r.get(0).flagged()).isEqualTo(2);
        assertThat(r.get(0).tp()).isEqualTo(2);
        assertThat(r.get(0).fn()).isEqualTo(1);
        assertThat(r.get(0).tn()).isEqualTo(1);
        assertThat(r.get(0).sensitivity().estimate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.get(0).medianFirstFlag()).isEqualTo(1.0);
        assertThat(r.get(0).notOccasionsPerPatient()).isEqualTo(0.5);
        // lead time among the three poor outcomes: p0 and p1 flagged at 1, last observation 2 → 1 session each
        var lt = r.get(0).leadTime();
        assertThat(lt.poor()).isEqualTo(3);
        assertThat(lt.flagged()).isEqualTo(2);
        assertThat(lt.median()).isEqualTo(1.0);
        assertThat(lt.q1()).isEqualTo(1.0);
        assertThat(lt.q3()).isEqualTo(1.0);
        assertThat(lt.flaggedBy()).containsExactly(0.0, 2.0 / 3, 2.0 / 3);
        assertThat(lt.flaggedBy(0)).isZero();
        assertThat(lt.flaggedBy(9)).isEqualTo(2.0 / 3);
        assertThat(new RuleComparison(List.of(a)).results().get(0).leadTime().flaggedBy(3)).isNaN();
        assertThat(r.get(1).flagged()).isEqualTo(1);
        // flags a = {1,1,0,0}, b = {0,1,0,0}: po = .75, pe = .5·.25 + .5·.75 = .5, kappa = .5
        assertThat(c.kappa(0, 1)).isCloseTo(0.5, within(1e-12));
        assertThat(c.kappa(0, 0)).isEqualTo(1.0);
        var w = RuleComparison.wilson(8, 10);
        assertThat(w.low()).isCloseTo(0.4902, within(1e-4));
        assertThat(w.high()).isCloseTo(0.9433, within(1e-4));
        assertThat(RuleComparison.wilson(0, 0).estimate()).isNaN();
    }

    @Test
    void alarmBurdenIsCountedPerGroupAndRulesWithoutDataAreVisible() {
        TrackRule a = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=3");
        TrackRule none = Fixtures.rule("deterioration-threshold:scale=phq9.total,threshold=3");
        RuleComparison c = new RuleComparison(List.of(a, none));
        String[] groups = {"g1", "g1", "g2", null};
        double[][] patients = {{10, 14, 14, 10}, {10, 14, 10, 10}, {10, 10, 10, 10}, {10, 20, 20, 10}};
        for (int i = 0; i < patients.length; i++) {
            ScoreSeries s = ScoreSeries.consecutive("p" + i, "mood.total", patients[i]);
            c.add(groups[i], true, 3, List.of(a.evaluate(s), List.of()));
        }
        // g1: p0 NOT at 1 and 2, p1 NOT at 1 → 3 NOT occasions over 2 patients; g2: none; p3 has no group
        assertThat(c.groupBurden(0)).containsExactly(new RuleComparison.GroupBurden("g1", 2, 3),
                new RuleComparison.GroupBurden("g2", 1, 0));
        assertThat(c.groupBurden(0).get(0).perPatient()).isEqualTo(1.5);
        assertThat(c.groupBurden(1)).extracting(RuleComparison.GroupBurden::notOccasions).containsExactly(0L, 0L);
        assertThat(c.evaluated(0)).isEqualTo(4);
        assertThat(c.evaluated(1)).isZero();
    }

    @Test
    void shortLabelsNameOnlyWhatDiffersAndAreDistinct() {
        TrackRule a = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=3");
        TrackRule b = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=6");
        TrackRule c = Fixtures.rule("deterioration-or-no-change:scale=mood.total");
        List<String> labels = new RuleComparison(List.of(a, b, c, c)).labels();
        assertThat(labels).containsExactly("deterioration-threshold (threshold=3)", "deterioration-threshold (threshold=6)",
                "deterioration-or-no-change", "deterioration-or-no-change #2");
        assertThat(org.openrom.rules.research.RuleLabels.of(List.of(a.ref()))).containsExactly("deterioration-threshold");
    }
}
