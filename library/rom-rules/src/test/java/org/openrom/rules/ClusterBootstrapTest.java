package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openrom.core.track.Finding;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.rules.research.RuleComparison;

/** The cluster bootstrap: reproducible, and honest where patients are nested in groups. */
class ClusterBootstrapTest {
    private static final TrackRule RULE = Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=3");

    private static List<List<TrackAssessment>> flagged(boolean not) {
        return List.of(List.of(TrackAssessment.of(1, not ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK, RULE.ref(),
                new TreeMap<>(), new Finding("x", "x"))));
    }

    /** 30 groups of 8 poor-outcome patients, flagged with the group's own probability 0.1 + 0.8·Beta(2, 2) (mean 0.5). */
    private static RuleComparison clustered(Random rnd) {
        RuleComparison c = new RuleComparison(List.of(RULE));
        for (int g = 0; g < 30; g++) {
            // Beta(2, 2) as the median of three uniforms
            double[] u = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
            java.util.Arrays.sort(u);
            double p = 0.1 + 0.8 * u[1];
            for (int i = 0; i < 8; i++) {
                c.add("g" + g, true, 2, flagged(rnd.nextDouble() < p));
                c.add("g" + g, false, 2, flagged(rnd.nextDouble() < 0.3));
            }
        }
        return c;
    }

    @Test
    void clusterIntervalsCoverTheTrueSensitivityAtAboutTheNominalRateWhereWilsonDoesNot() {
        Random rnd = new Random(20261202);
        int cluster = 0;
        int wilson = 0;
        int reps = 200;
        for (int r = 0; r < reps; r++) {
            RuleComparison c = clustered(rnd);
            var ci = c.clusterBootstrap(400, r).get(0).sensitivity();
            cluster += ci.low() <= 0.5 && 0.5 <= ci.high() ? 1 : 0;
            var w = c.results().get(0).sensitivity();
            wilson += w.low() <= 0.5 && 0.5 <= w.high() ? 1 : 0;
        }
        // nominal 95%: the cluster bootstrap is close to it; Wilson, which ignores the groups (design effect ≈ 1.9
        // here), covers far less often
        assertThat((double) cluster / reps).isBetween(0.89, 0.99);
        assertThat((double) wilson / reps).isLessThan(0.9);
        assertThat(cluster).isGreaterThan(wilson);
    }

    @Test
    void theSameSeedGivesTheSameIntervalsAndPatientsWithoutAGroupAreClustersOfOne() {
        RuleComparison c = clustered(new Random(1));
        var a = c.clusterBootstrap(200, 7);
        assertThat(c.clusterBootstrap(200, 7)).isEqualTo(a);
        assertThat(a.get(0).groups()).isEqualTo(30);
        assertThat(a.get(0).sensitivity().estimate()).isEqualTo(c.results().get(0).sensitivity().estimate());
        assertThat(a.get(0).sensitivity().low()).isLessThanOrEqualTo(a.get(0).sensitivity().estimate());
        assertThat(a.get(0).kappa()).hasSize(1);
        assertThat(a.get(0).kappa().get(0).estimate()).isEqualTo(1.0);
        RuleComparison loose = new RuleComparison(List.of(RULE));
        for (int i = 0; i < 10; i++) {
            loose.add(i % 2 == 0, 2, flagged(i % 3 == 0));
        }
        assertThat(loose.clusterBootstrap(100, 1).get(0).groups()).isEqualTo(10);
        assertThatThrownBy(() -> loose.clusterBootstrap(99, 1)).hasMessageContaining("replicates");
    }
}
