package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.change.ChangeStatistics;
import org.openrom.rules.change.PrePost;
import org.openrom.rules.change.RciMethod;
import org.openrom.rules.change.RciParameters;
import org.openrom.rules.research.ExpectedResponseModel;

/** Numeric edge cases: each gives a correct result or a clear error. */
class EdgeCasesTest {

    @Test
    void zeroOrMissingSdAndReliabilityOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new RciParameters(0.8, 0, 0, 0, 0, 0)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("sdPre");
        assertThatThrownBy(() -> new RciParameters(1.0, 0, 4, 0, 0, 0)).hasMessageContaining("reliability");
        assertThatThrownBy(() -> new RciParameters(0, 0, 4, 0, 0, 0)).hasMessageContaining("reliability");
        assertThatThrownBy(() -> new RciParameters(0.8, Double.NaN, 4, 0, 0, 0).checkFor(RciMethod.GLN))
                .hasMessageContaining("meanPre");
        assertThatThrownBy(() -> Fixtures.rule("reliable-change:scale=mood.total,reliability=1"))
                .hasMessageContaining("reliability=1");
        assertThatThrownBy(() -> Fixtures.rule("reliable-change:scale=mood.total,method=ha"))
                .hasMessageContaining("mean-post");
    }

    @Test
    void aCohortOfOnePatient() {
        assertThatThrownBy(() -> ChangeStatistics.analyse(List.of(new PrePost("a", 10, 5)),
                ChangeStatistics.options(RciMethod.JT, 0.8, Direction.LOWER_IS_BETTER))).hasMessageContaining("at least 2");
        assertThat(ChangeStatistics.analyse(List.of(new PrePost("a", 10, 5), new PrePost("b", 12, 5)),
                ChangeStatistics.options(RciMethod.JT, 0.8, Direction.LOWER_IS_BETTER)).n()).isEqualTo(2);
        assertThatThrownBy(() -> ExpectedResponseModel.fit(List.of(ScoreSeries.consecutive("a", "mood.total", 10, 9, 8)),
                "mood.total")).hasMessageContaining("at least 5");
    }

    @Test
    void allEqualScores() {
        List<ScoreSeries> flat = List.of(ScoreSeries.consecutive("a", "mood.total", 10, 10, 10, 10),
                ScoreSeries.consecutive("b", "mood.total", 10, 10, 10, 10));
        assertThatThrownBy(() -> ExpectedResponseModel.fit(flat, "mood.total")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("singular design");
        assertThat(Fixtures.rule("deterioration-or-no-change:scale=mood.total")
                .evaluate(ScoreSeries.consecutive("p", "mood.total", 10, 10, 10, 10)).get(3).status())
                .isEqualTo(TrackStatus.NOT_ON_TRACK);
        assertThatThrownBy(() -> ChangeStatistics.analyse(List.of(new PrePost("a", 10, 10), new PrePost("b", 10, 10)),
                ChangeStatistics.options(RciMethod.HA, 0.8, Direction.LOWER_IS_BETTER))).isInstanceOf(ValidationException.class);
        RuleEnvironment env = RuleEnvironment.builder().instruments(Fixtures.INSTRUMENTS).reference("flat", flat).build();
        assertThatThrownBy(() -> Fixtures.RULES.create("expected-response:scale=mood.total,reference=flat", env))
                .hasMessageContaining("singular design");
    }

    @Test
    void seriesOfOneHundredThousandOccasionsRunInConstantMemoryPerStep() {
        double[] v = new double[100_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 + (i % 7) - 3;
        }
        ScoreSeries s = ScoreSeries.consecutive("long", "mood.total", v);
        for (String spec : RuleProperties.SINGLE_SCALE_SPECS) {
            TrackRule rule = Fixtures.rule(spec);
            List<TrackAssessment> as = rule.evaluate(s);
            assertThat(as).as(spec).hasSize(100_000);
            assertThat(rule.start().save().length).isEqualTo(rule.restore(rule.start().save()).save().length);
        }
    }
}
