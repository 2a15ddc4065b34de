package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.Outcome;
import org.openrom.rules.research.RuleComparison;
import org.openrom.rules.research.SyntheticCohort;

/**
 * Held-out style: on a generated cohort, the comparison's sensitivity, specificity and lead time equal a plain
 * re-computation here from the per-occasion statuses, written without the implementation's code, for several
 * rules and outcomes.
 */
class LeadTimeRecomputationTest {
    /** rom-rules has no built-in instruments: the cohort's ODSIS administrations are scored by the test one. */
    private static final InstrumentRegistry INSTRUMENTS = Fixtures.INSTRUMENTS;

    /** Type-7 quantile, written out again. */
    private static double quantile(List<Integer> v, double p) {
        int[] x = v.stream().mapToInt(Integer::intValue).sorted().toArray();
        double h = (x.length - 1) * p;
        int lo = (int) h;
        return lo + 1 < x.length ? x[lo] + (h - lo) * (x[lo + 1] - x[lo]) : x[lo];
    }

    @Test
    void theComparisonEqualsARecomputationFromTheStatuses() {
        SyntheticCohort cohort = SyntheticCohort.generate(CohortModel.study(25, 11));
        Map<String, List<Administration>> byPatient = new TreeMap<>();
        cohort.administrations().stream().filter(a -> a.instrumentId().equals("odsis"))
                .forEach(a -> byPatient.computeIfAbsent(a.patientId(), k -> new ArrayList<>()).add(a));
        RuleEnvironment env = Fixtures.ENV;
        RuleRegistry registry = Fixtures.RULES;
        List<TrackRule> rules = List.of(registry.create("deterioration-or-no-change", env),
                registry.create("persistent:k=2,rule=(deterioration-or-no-change)", env),
                registry.create("reliable-change:sd-pre=4", env));
        for (String outcomeSpec : List.of("not-improved:by=4", "case-at-end:cutoff=8")) {
            Outcome outcome = Outcome.parse(outcomeSpec, INSTRUMENTS::findScale);
            RuleComparison cmp = new RuleComparison(rules);
            // the re-computation: per rule, poor/flagged counts and the lead times, from statuses alone
            int[] tp = new int[rules.size()];
            int[] fp = new int[rules.size()];
            int poorN = 0;
            int goodN = 0;
            List<List<Integer>> leads = new ArrayList<>();
            List<List<Integer>> firsts = new ArrayList<>();
            rules.forEach(r -> {
                leads.add(new ArrayList<>());
                firsts.add(new ArrayList<>());
            });
            for (List<Administration> adms : byPatient.values()) {
                PatientHistory h = PatientHistory.score(adms.get(0).patientId(), INSTRUMENTS, adms);
                ScoreSeries s = h.series("odsis.total");
                if (!cmp.add(h, outcome)) {
                    continue;
                }
                double change = s.value(0) - s.value(s.size() - 1); // ODSIS: lower is better
                boolean poor = outcomeSpec.startsWith("not-improved") ? change < 4 : s.value(s.size() - 1) >= 8;
                int last = s.occasion(s.size() - 1);
                if (poor) {
                    poorN++;
                } else {
                    goodN++;
                }
                List<RuleTrack> tracks = RuleTrack.evaluate(rules, h);
                for (int r = 0; r < rules.size(); r++) {
                    Integer first = null;
                    for (TrackAssessment a : tracks.get(r).assessments()) {
                        if (a.status() == TrackStatus.NOT_ON_TRACK && a.occasion() < last) {
                            first = a.occasion();
                            break;
                        }
                    }
                    if (first != null && poor) {
                        tp[r]++;
                        leads.get(r).add(last - first);
                        firsts.get(r).add(first);
                    } else if (first != null) {
                        fp[r]++;
                    }
                }
            }
            assertThat(poorN).as(outcomeSpec).isGreaterThan(20);
            assertThat(cmp.poorOutcomes()).isEqualTo(poorN);
            var results = cmp.results();
            for (int r = 0; r < rules.size(); r++) {
                var a = results.get(r);
                String what = outcomeSpec + " " + a.rule();
                assertThat(a.tp()).as(what).isEqualTo(tp[r]);
                assertThat(a.sensitivity().estimate()).as(what).isCloseTo((double) tp[r] / poorN, within(1e-12));
                assertThat(a.specificity().estimate()).as(what).isCloseTo((double) (goodN - fp[r]) / goodN, within(1e-12));
                var lt = a.leadTime();
                assertThat(lt.flagged()).as(what).isEqualTo(tp[r]);
                if (tp[r] > 0) {
                    assertThat(lt.median()).as(what).isCloseTo(quantile(leads.get(r), 0.5), within(1e-12));
                    assertThat(lt.q1()).as(what).isCloseTo(quantile(leads.get(r), 0.25), within(1e-12));
                    assertThat(lt.q3()).as(what).isCloseTo(quantile(leads.get(r), 0.75), within(1e-12));
                    assertThat(leads.get(r)).allSatisfy(l -> assertThat(l).isPositive());
                }
                for (int k = 0; k <= 14; k++) {
                    final int kk = k;
                    long byK = firsts.get(r).stream().filter(f -> f <= kk).count();
                    assertThat(lt.flaggedBy(k)).as(what + " by " + k).isCloseTo((double) byK / poorN, within(1e-12));
                }
                assertThat(lt.flaggedBy(14)).isCloseTo(a.sensitivity().estimate(), within(1e-12));
                assertThat(Arrays.asList(lt.flaggedBy().toArray())).isSorted();
            }
        }
    }
}
