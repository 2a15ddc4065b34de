package org.openrom.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackRule;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.PatientTruth;
import org.openrom.rules.research.RuleComparison;
import org.openrom.rules.research.SyntheticCohort;

/**
 * Example 4 — research: compare the study's rule against reliable change, an expected-response curve fitted
 * on a reference cohort, and a persistent variant, on a generated cohort whose true outcomes are known.
 * Half of the groups form the reference cohort; the rules are scored on the other half. A poor outcome is
 * the generator's ground truth: not improved by at least 4 ODSIS points.
 */
public final class ResearchComparisonExample {
    private ResearchComparisonExample() {
    }

    /**
     * @param groups how many groups to generate (half are the reference)
     * @param seed the seed
     * @return the comparison table (Markdown)
     */
    public static String run(int groups, long seed) {
        InstrumentRegistry instruments = InstrumentRegistry.loadDefault();
        SyntheticCohort cohort = SyntheticCohort.generate(CohortModel.study(groups, seed));
        // one scored history per patient: each administration is scored once, the series come with it
        Map<String, List<Administration>> byPatient = new TreeMap<>();
        for (Administration a : cohort.administrations()) {
            byPatient.computeIfAbsent(a.patientId(), k -> new ArrayList<>()).add(a);
        }
        List<ScoreSeries> reference = new ArrayList<>();
        Map<String, ScoreSeries> evaluated = new HashMap<>();
        double sum = 0;
        double sumSq = 0;
        for (PatientTruth t : cohort.truth()) {
            ScoreSeries s = PatientHistory.score(t.patientId(), instruments, byPatient.get(t.patientId())).series("odsis.total");
            boolean ref = Integer.parseInt(t.groupId().substring(1)) <= groups / 2;
            if (ref) {
                reference.add(s);
                sum += s.value(0);
                sumSq += s.value(0) * s.value(0);
            } else {
                evaluated.put(t.patientId(), s);
            }
        }
        double n = reference.size();
        double sdPre = Math.sqrt((sumSq - sum * sum / n) / (n - 1));
        RuleEnvironment env = RuleEnvironment.builder().instruments(instruments).reference("reference", reference).build();
        RuleRegistry registry = RuleRegistry.loadDefault();
        List<TrackRule> rules = List.of(
                registry.create("deterioration-or-no-change", env),
                registry.create(String.format(Locale.ROOT, "reliable-change:sd-pre=%.2f", sdPre), env),
                registry.create("expected-response:reference=reference", env),
                registry.create("persistent:k=2,rule=(deterioration-or-no-change)", env));
        RuleComparison comparison = new RuleComparison(rules);
        for (PatientTruth t : cohort.truth()) {
            ScoreSeries s = evaluated.get(t.patientId());
            if (s == null || s.size() < 2) {
                continue;
            }
            List<List<org.openrom.core.track.TrackAssessment>> as = new ArrayList<>();
            for (TrackRule r : rules) {
                as.add(r.evaluate(s));
            }
            boolean poor = !(t.outcome().equals("improved") || t.outcome().equals("recovered"));
            comparison.add(poor, s.occasion(s.size() - 1), as);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d patients scored, %d with a poor outcome (reference: %d patients, SD_pre %.2f)%n%n",
                comparison.patients(), comparison.poorOutcomes(), reference.size(), sdPre));
        sb.append("| rule | flagged | sensitivity | specificity | PPV | median first flag |\n|---|---|---|---|---|---|\n");
        for (RuleComparison.Accuracy a : comparison.results()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %s |%n", a.rule().replaceAll(":.*", ""),
                    a.flagged(), a.sensitivity().estimate(), a.specificity().estimate(), a.ppv().estimate(),
                    Double.isNaN(a.medianFirstFlag()) ? "-" : String.valueOf(a.medianFirstFlag())));
        }
        return sb.toString();
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.print(run(40, 11));
    }
}
