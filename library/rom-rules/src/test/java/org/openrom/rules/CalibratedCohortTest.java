package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.PatientTruth;
import org.openrom.rules.research.SyntheticCohort;

/**
 * The calibrated synthetic cohort meets its published targets (Cuijpers et al. 2021: about 41% response, 26–34%
 * recovery, reliable deterioration just under 5%; Gryesten et al. 2024: about 25% drop-out), on two seeds, and its
 * groups differ (an intraclass correlation of the change in 0.03–0.15), while the demo model's do not.
 */
class CalibratedCohortTest {
    /** Rates at the last observation: response, recovery, reliable deterioration, drop-out; and the ICC of the change. */
    private static double[] rates(List<PatientTruth> truth) {
        int n = truth.size();
        int resp = 0;
        int rec = 0;
        int det = 0;
        int drop = 0;
        Map<String, List<Integer>> byGroup = new TreeMap<>();
        for (PatientTruth t : truth) {
            resp += t.last() <= 0.5 * t.baseline() ? 1 : 0; // response: a reduction of at least 50%
            rec += t.baseline() - t.last() >= 4 && t.last() < 8 ? 1 : 0; // reliably better and below the cut-off
            det += t.last() - t.baseline() >= 4 ? 1 : 0; // reliably worse
            drop += t.dropoutOccasion() >= 0 ? 1 : 0;
            byGroup.computeIfAbsent(t.groupId(), k -> new ArrayList<>()).add(t.last() - t.baseline());
        }
        return new double[] {(double) resp / n, (double) rec / n, (double) det / n, (double) drop / n, icc(byGroup)};
    }

    /** The one-way ANOVA intraclass correlation for groups of equal size. */
    private static double icc(Map<String, List<Integer>> groups) {
        int k = groups.size();
        int size = groups.values().iterator().next().size();
        double grand = groups.values().stream().flatMap(List::stream).mapToInt(Integer::intValue).average().orElseThrow();
        double ssb = 0;
        double ssw = 0;
        for (List<Integer> g : groups.values()) {
            double mean = g.stream().mapToInt(Integer::intValue).average().orElseThrow();
            ssb += g.size() * (mean - grand) * (mean - grand);
            for (int x : g) {
                ssw += (x - mean) * (x - mean);
            }
        }
        double msb = ssb / (k - 1);
        double msw = ssw / (k * size - k);
        return (msb - msw) / (msb + (size - 1) * msw);
    }

    @Test
    void theCalibratedCohortMeetsThePublishedRatesAndIsClustered() {
        for (long seed : new long[] {1, 2}) {
            double[] r = rates(SyntheticCohort.generate(CohortModel.calibrated(1000, seed)).truth());
            assertThat(r[0]).as("response, seed %d", seed).isBetween(0.38, 0.44);
            assertThat(r[1]).as("recovery").isBetween(0.26, 0.34);
            assertThat(r[2]).as("reliable deterioration").isBetween(0.025, 0.05);
            assertThat(r[3]).as("drop-out").isBetween(0.225, 0.275);
            assertThat(r[4]).as("ICC of the change").isBetween(0.03, 0.15);
        }
        double[] demo = rates(SyntheticCohort.generate(CohortModel.study(500, 1)).truth());
        assertThat(Math.abs(demo[4])).as("the demo model has no random effects").isLessThan(0.03);
    }

    @Test
    void groupsShareTheirTherapistAndTheRandomEffectMovesTheirMembers() {
        SyntheticCohort c = SyntheticCohort.generate(CohortModel.calibrated(40, 3));
        Map<String, String> therapistOf = new TreeMap<>();
        Map<String, List<PatientTruth>> byGroup = new TreeMap<>();
        for (PatientTruth t : c.truth()) {
            String before = therapistOf.putIfAbsent(t.groupId(), t.therapistId());
            assertThat(before == null || before.equals(t.therapistId())).isTrue();
            byGroup.computeIfAbsent(t.groupId(), k -> new ArrayList<>()).add(t);
        }
        assertThat(therapistOf).containsEntry("g001", "t001").containsEntry("g004", "t001").containsEntry("g005", "t002");
        // every member of a group carries the same effect; the effect correlates with the group's mean improvement
        double[] effect = new double[byGroup.size()];
        double[] improvement = new double[byGroup.size()];
        int i = 0;
        for (List<PatientTruth> g : byGroup.values()) {
            effect[i] = g.get(0).effect();
            assertThat(g).allSatisfy(t -> assertThat(t.effect()).isEqualTo(g.get(0).effect()));
            improvement[i] = g.stream().mapToInt(t -> t.baseline() - t.last()).average().orElseThrow();
            i++;
        }
        assertThat(correlation(effect, improvement)).isGreaterThan(0.3);
        // generating some groups gives exactly those groups of the whole cohort, random effects included
        SyntheticCohort part = SyntheticCohort.generate(CohortModel.calibrated(40, 3), 9, 4);
        assertThat(part.truth()).isEqualTo(c.truth().subList(64, 96));
    }

    private static double correlation(double[] x, double[] y) {
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
