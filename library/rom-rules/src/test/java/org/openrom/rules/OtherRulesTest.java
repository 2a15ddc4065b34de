package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.openrom.core.track.TrackStatus.INSUFFICIENT_DATA;
import static org.openrom.core.track.TrackStatus.NOT_ON_TRACK;
import static org.openrom.core.track.TrackStatus.ON_TRACK;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.core.RuleSpecException;
import org.openrom.core.track.Finding;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.research.ExpectedResponseModel;

/** Hand-computed vectors for every built-in rule other than the study's. */
class OtherRulesTest {

    private static List<TrackAssessment> run(String spec, String scale, double... v) {
        return Fixtures.rule(spec).evaluate(ScoreSeries.consecutive("p", scale, v));
    }

    private static List<TrackStatus> st(List<TrackAssessment> as) {
        return as.stream().map(TrackAssessment::status).toList();
    }

    @Test
    void deteriorationThresholdAgainstBaselineAndPrevious() {
        // mood publishes reliable change 5
        List<TrackAssessment> as = run("deterioration-threshold:scale=mood.total", "mood.total", 20, 23, 26, 20, 25);
        assertThat(st(as)).containsExactly(INSUFFICIENT_DATA, ON_TRACK, NOT_ON_TRACK, ON_TRACK, NOT_ON_TRACK);
        assertThat(as.get(2).reasons()).extracting(Finding::code).containsExactly("deterioration");
        assertThat(as.get(4).reasons()).extracting(Finding::code).containsExactly("deterioration",
                "deterioration-since-previous");
        assertThat(as.get(4).reasons().get(1).sentence())
                .isEqualTo("Mood 25 is 5 points worse than the previous session's 20 at session 4 (threshold 5)");
        assertThat(st(run("deterioration-threshold:scale=mood.total,against=baseline", "mood.total", 20, 14, 19)))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK);
        assertThat(st(run("deterioration-threshold:scale=mood.total,against=previous", "mood.total", 20, 14, 19)))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, NOT_ON_TRACK);
    }

    @Test
    void reliableChangeJacobsonTruax() {
        // mood: r .89, SD1 6 → S_diff = √2·6·√.11 = 2.8142; 1.96·S_diff = 5.516
        List<TrackAssessment> as = run("reliable-change:scale=mood.total", "mood.total", 20, 25, 26, 14, 15);
        assertThat(st(as)).containsExactly(INSUFFICIENT_DATA, ON_TRACK, NOT_ON_TRACK, ON_TRACK, ON_TRACK);
        double sdiff = Math.sqrt(2) * 6 * Math.sqrt(0.11);
        assertThat((Double) as.get(2).details().get("rci")).isCloseTo(6 / sdiff, within(1e-12));
        assertThat(as.get(2).details()).containsEntry("category", "deteriorated");
        assertThat(as.get(3).details()).containsEntry("category", "improved");
        assertThat(as.get(4).details()).containsEntry("category", "unchanged");
        assertThat(as.get(2).reasons().get(0).sentence()).startsWith("Mood 26 at session 2 against baseline 20: RCI (JT) 2.13");
    }

    @Test
    void reliableChangeWithCutoffReportsRecoveredAndHarmed() {
        // cut-off c = (SD0·M1 + SD1·M0)/(SD0 + SD1) = (4·20 + 6·6)/10 = 11.6
        List<TrackAssessment> as = run("reliable-change:scale=mood.total,cutoff=c", "mood.total", 20, 10);
        assertThat(as.get(1).details()).containsEntry("category", "recovered").containsEntry("cutoff", 11.6);
        List<TrackAssessment> harmed = run("reliable-change:scale=mood.total,cutoff=c", "mood.total", 8, 15);
        assertThat(harmed.get(1).details()).containsEntry("category", "harmed");
        assertThat(harmed.get(1).status()).isEqualTo(NOT_ON_TRACK);
    }

    @Test
    void percentChangeTrafficLight() {
        List<TrackAssessment> as = run("percent-change:scale=mood.total", "mood.total", 20, 14, 17, 19, 22);
        assertThat(as).extracting(a -> a.details().get("light")).containsExactly(null, "green", "amber", "red", "red");
        assertThat(st(as)).containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, NOT_ON_TRACK, NOT_ON_TRACK);
        assertThat(as.get(4).reasons().get(0).sentence()).isEqualTo("Mood 22 at session 4 is 10% worse than baseline 20 (red)");
        // edges: exactly 25% is amber, exactly 5% is red
        assertThat(run("percent-change:scale=mood.total", "mood.total", 20, 15, 19)).extracting(a -> a.details().get("light"))
                .containsExactly(null, "amber", "red");
        assertThat(st(run("percent-change:scale=mood.total", "mood.total", 0, 3))).containsExactly(INSUFFICIENT_DATA,
                INSUFFICIENT_DATA);
        assertThatThrownBy(() -> Fixtures.rule("percent-change:scale=mood.total,red=30")).hasMessageContaining("below green");
    }

    @Test
    void expectedResponseWithGivenCoefficients() {
        // E(s) = 2 + 0.9·I + (0.5 − 0.35·I)·ln s; I = 20: E(2) = 20 − 6.5·ln2 = 15.4946; boundary + 1.282·3 = 19.3406
        List<TrackAssessment> as = run("expected-response:scale=mood.total,b0=2,b1=0.9,b2=0.5,b3=-0.35,sigma=3",
                "mood.total", 20, 19, 20);
        assertThat(st(as)).containsExactly(INSUFFICIENT_DATA, ON_TRACK, NOT_ON_TRACK);
        assertThat((Double) as.get(1).details().get("expected")).isCloseTo(20 - 6.5 * Math.log(2), within(1e-12));
        assertThat((Double) as.get(1).details().get("boundary")).isCloseTo(20 - 6.5 * Math.log(2) + 1.282 * 3, within(1e-12));
        assertThatThrownBy(() -> Fixtures.rule("expected-response:scale=mood.total,b0=2"))
                .isInstanceOf(RuleSpecException.class).hasMessageContaining("all of b0, b1, b2, b3 and sigma");
    }

    @Test
    void expectedResponseFittedFromAReferenceCohortRecoversTheCurve() {
        Random rnd = new Random(7);
        List<ScoreSeries> ref = new ArrayList<>();
        for (int p = 0; p < 400; p++) {
            double intake = 10 + rnd.nextInt(20);
            double[] v = new double[12];
            v[0] = intake;
            for (int s = 2; s <= 12; s++) {
                v[s - 1] = 1 + 0.95 * intake + (0.2 - 0.3 * intake) * Math.log(s) + rnd.nextGaussian() * 2;
            }
            ref.add(ScoreSeries.consecutive("r" + p, "mood.total", v));
        }
        ExpectedResponseModel m = ExpectedResponseModel.fit(ref, "mood.total");
        assertThat(m.b0()).isCloseTo(1, within(0.6));
        assertThat(m.b1()).isCloseTo(0.95, within(0.03));
        assertThat(m.b2()).isCloseTo(0.2, within(0.4));
        assertThat(m.b3()).isCloseTo(-0.3, within(0.02));
        assertThat(m.sigma()).isCloseTo(2, within(0.1));
        RuleEnvironment env = RuleEnvironment.builder().instruments(Fixtures.INSTRUMENTS).reference("clinic", ref).build();
        TrackRule rule = Fixtures.RULES.create("expected-response:scale=mood.total,reference=clinic", env);
        assertThat(rule.ref().spec()).contains("reference=clinic");
        assertThat(st(rule.evaluate(ScoreSeries.consecutive("p", "mood.total", 20, 30)))).containsExactly(INSUFFICIENT_DATA,
                NOT_ON_TRACK);
        assertThatThrownBy(() -> ExpectedResponseModel.fit(ref.subList(0, 0), "mood.total")).hasMessageContaining("at least 5");
    }

    @Test
    void percentileBoundaryByIntakeBand() {
        List<ScoreSeries> ref = new ArrayList<>();
        // low intakes (5) improve to 1..10 at session 1; high intakes (30) stay at 21..30
        for (int i = 1; i <= 10; i++) {
            ref.add(ScoreSeries.consecutive("l" + i, "mood.total", 5, i));
            ref.add(ScoreSeries.consecutive("h" + i, "mood.total", 30, 20 + i));
        }
        RuleEnvironment env = RuleEnvironment.builder().instruments(Fixtures.INSTRUMENTS).reference("ref", ref).build();
        TrackRule rule = Fixtures.RULES.create("percentile-boundary:scale=mood.total,reference=ref,bands=2,p=90", env);
        // 90th percentile (type 7) of 1..10 = 9.1; of 21..30 = 29.1
        List<TrackAssessment> low = rule.evaluate(ScoreSeries.consecutive("p", "mood.total", 4, 9, 12));
        assertThat(st(low)).containsExactly(INSUFFICIENT_DATA, ON_TRACK, INSUFFICIENT_DATA);
        assertThat((Double) low.get(1).details().get("boundary")).isCloseTo(9.1, within(1e-12));
        assertThat(st(rule.evaluate(ScoreSeries.consecutive("p", "mood.total", 4, 9.5)))).containsExactly(INSUFFICIENT_DATA,
                NOT_ON_TRACK);
        assertThat(st(rule.evaluate(ScoreSeries.consecutive("p", "mood.total", 28, 29)))).containsExactly(INSUFFICIENT_DATA,
                ON_TRACK);
        assertThat(low.get(2).reasons().get(0).code()).isEqualTo("no-reference");
        assertThatThrownBy(() -> Fixtures.rule("percentile-boundary:scale=mood.total,reference=nope"))
                .hasMessageContaining("Unknown reference cohort 'nope'");
    }

    @Test
    void talkingTherapiesOnPairedPhqAndGad() {
        TrackRule rule = Fixtures.rule("talking-therapies");
        assertThat(rule.scales()).containsExactly("phq9.total", "gad7.total");
        List<TrackAssessment> as = rule.evaluate(List.of(
                ScoreSeries.of("p", "phq9.total", new int[] {0, 1, 2, 3, 4}, new double[] {15, 12, 8, 9, 21}),
                ScoreSeries.of("p", "gad7.total", new int[] {0, 1, 3, 4}, new double[] {10, 9, 7, 10})));
        assertThat(as).extracting(TrackAssessment::occasion).containsExactly(0, 1, 3, 4);
        assertThat(st(as)).containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, NOT_ON_TRACK);
        assertThat(as.get(2).details()).containsEntry("recovery", true).containsEntry("reliableImprovement", true)
                .containsEntry("reliableRecovery", true);
        assertThat(as.get(1).details()).containsEntry("recovery", false).containsEntry("reliableImprovement", false);
        assertThat(as.get(3).details()).containsEntry("reliableDeterioration", true);
        assertThat(as.get(3).reasons().get(0).sentence())
                .isEqualTo("PHQ-9 21 and GAD-7 10 at session 4 (baseline 15 and 10): reliable deterioration");
    }

    @Test
    void combinatorsAnyAllAndPersistent() {
        String det = "deterioration-or-no-change:scale=mood.total";
        String pct = "percent-change:scale=mood.total";
        double[] v = {20, 23, 21, 24, 10};
        assertThat(st(run(det, "mood.total", v))).containsExactly(INSUFFICIENT_DATA, NOT_ON_TRACK, ON_TRACK, NOT_ON_TRACK, ON_TRACK);
        assertThat(st(run(pct, "mood.total", v))).containsExactly(INSUFFICIENT_DATA, NOT_ON_TRACK, NOT_ON_TRACK, NOT_ON_TRACK, ON_TRACK);
        assertThat(st(run("any-of:rules=(" + det + ";" + pct + ")", "mood.total", v)))
                .containsExactly(INSUFFICIENT_DATA, NOT_ON_TRACK, NOT_ON_TRACK, NOT_ON_TRACK, ON_TRACK);
        assertThat(st(run("all-of:rules=(" + det + ";" + pct + ")", "mood.total", v)))
                .containsExactly(INSUFFICIENT_DATA, NOT_ON_TRACK, ON_TRACK, NOT_ON_TRACK, ON_TRACK);
        List<TrackAssessment> persistent = run("persistent:k=2,rule=(" + pct + ")", "mood.total", v);
        assertThat(st(persistent)).containsExactly(INSUFFICIENT_DATA, ON_TRACK, NOT_ON_TRACK, NOT_ON_TRACK, ON_TRACK);
        assertThat(persistent.get(2).reasons()).extracting(Finding::code).contains("persistent");
        assertThat(persistent.get(1).reasons()).extracting(Finding::code).contains("not-yet-persistent");
    }
}
