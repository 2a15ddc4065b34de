package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackRule;
import org.openrom.rules.research.HoldOut;
import org.openrom.rules.research.Outcome;
import org.openrom.rules.research.OutcomeEvaluation;
import org.openrom.rules.research.RuleComparison;

/** The hold-out evaluation: nobody is judged by rules fitted on their own fold, and nobody is lost or counted twice. */
class OutcomeEvaluationProperties {
    static final Outcome NOT_IMPROVED = Outcome.parse("not-improved:scale=mood.total", Fixtures.INSTRUMENTS::findScale);

    /**
     * A cohort of {@code n} patients in groups of up to 8; patient i's first score is i mod 41 and the patient id
     * carries i, so that a series in a training cohort names its patient (by its {@code patientId}).
     */
    static List<PatientHistory> cohort(int n, long seed) {
        Random random = new Random(seed);
        List<PatientHistory> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PatientHistory p = PatientHistory.of("p" + i).withGroup("g" + (i / 8));
            int sessions = 1 + random.nextInt(8);
            for (int o = 0; o < sessions; o++) {
                p = p.appendScore("mood.total", o, o == 0 ? i % 41 : random.nextInt(41));
            }
            out.add(p);
        }
        return out;
    }

    /** Fits one rule and remembers the patients of each training cohort it was offered. */
    static final class RecordingFitter {
        final List<Set<String>> trainedOn = new ArrayList<>();

        List<TrackRule> fit(Map<String, List<ScoreSeries>> references) {
            Set<String> ids = new HashSet<>();
            references.getOrDefault(OutcomeEvaluation.TRAINING, List.of()).forEach(s -> ids.add(s.patientId()));
            trainedOn.add(ids);
            return List.of(Fixtures.rule("deterioration-threshold:scale=mood.total,threshold=3"));
        }
    }

    @Test
    void underKFoldEveryPatientIsJudgedOnceByRulesFittedOnTheOtherFoldsOnly() {
        qt().withExamples(60).forAll(integers().between(1, 80), integers().between(2, 6), longs().all())
                .checkAssert((n, k, seed) -> {
                    List<PatientHistory> cohort = cohort(n, seed);
                    HoldOut holdOut = HoldOut.kFold(HoldOut.Unit.GROUP, k, seed);
                    RecordingFitter fitter = new RecordingFitter();
                    OutcomeEvaluation e = new OutcomeEvaluation(fitter::fit, Map.of(), Optional.of(holdOut),
                            List.of(NOT_IMPROVED), Optional.empty());
                    assertThat(e.needsTraining()).isTrue();
                    cohort.forEach(e::train);
                    e.fit();
                    assertThat(fitter.trainedOn).hasSize(k);
                    for (PatientHistory p : cohort) {
                        assertThat(e.evaluate(p)).isTrue();
                        int fold = holdOut.fold(p);
                        // fitted on every fold but the patient's own
                        for (int f = 0; f < k; f++) {
                            assertThat(fitter.trainedOn.get(f).contains(p.patientId())).isEqualTo(f != fold);
                        }
                    }
                    assertThat(e.evaluatedPatients()).isEqualTo(n);
                    assertThat(e.trainingPatients()).isZero();
                    RuleComparison c = e.comparisons().get(0);
                    int leftOut = e.leftOut(0).values().stream().mapToInt(Integer::intValue).sum();
                    assertThat(c.patients() + leftOut).isEqualTo(n);
                });
    }

    @Test
    void aSplitJudgesOnlyItsTestPartAndCountsTheTrainingPart() {
        qt().withExamples(60).forAll(integers().between(1, 80), longs().all()).checkAssert((n, seed) -> {
            List<PatientHistory> cohort = cohort(n, seed);
            HoldOut holdOut = HoldOut.split(HoldOut.Unit.PATIENT, 0.4, seed);
            RecordingFitter fitter = new RecordingFitter();
            OutcomeEvaluation e = new OutcomeEvaluation(fitter::fit, Map.of(), Optional.of(holdOut),
                    List.of(NOT_IMPROVED), Optional.empty());
            cohort.forEach(e::train);
            e.fit();
            assertThat(fitter.trainedOn).hasSize(1);
            for (PatientHistory p : cohort) {
                boolean tested = holdOut.fold(p) == 0;
                assertThat(e.evaluate(p)).isEqualTo(tested);
                assertThat(fitter.trainedOn.get(0).contains(p.patientId())).isEqualTo(!tested);
            }
            assertThat(e.evaluatedPatients() + e.trainingPatients()).isEqualTo(n);
            assertThat(e.trainingPatients()).isEqualTo(fitter.trainedOn.get(0).size());
        });
    }

    @Test
    void withoutAHoldOutItIsTheComparisonOfTheWholeCohort() {
        qt().withExamples(40).forAll(integers().between(1, 80), longs().all()).checkAssert((n, seed) -> {
            List<PatientHistory> cohort = cohort(n, seed);
            RecordingFitter fitter = new RecordingFitter();
            OutcomeEvaluation e = new OutcomeEvaluation(fitter::fit, Map.of(), Optional.empty(), List.of(NOT_IMPROVED),
                    Optional.empty());
            assertThat(e.needsTraining()).isFalse();
            e.fit();
            cohort.forEach(e::evaluate);
            RuleComparison direct = new RuleComparison(e.rules());
            cohort.forEach(p -> direct.add(p, NOT_IMPROVED));
            assertThat(e.comparisons().get(0).results()).isEqualTo(direct.results());
            assertThat(fitter.trainedOn).containsExactly(Set.of());
        });
    }

    @Test
    void misuseIsRefused() {
        RecordingFitter fitter = new RecordingFitter();
        assertThatThrownBy(() -> new OutcomeEvaluation(fitter::fit, Map.of(), Optional.empty(), List.of(), Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at least one outcome");
        assertThatThrownBy(() -> new OutcomeEvaluation(fitter::fit, Map.of(OutcomeEvaluation.TRAINING, List.of()),
                Optional.of(HoldOut.kFold(HoldOut.Unit.PATIENT, 3, 1)), List.of(NOT_IMPROVED), Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("training");
        assertThatThrownBy(() -> new OutcomeEvaluation.IndexSpec("rci:lower", true)).isInstanceOf(ValidationException.class);
        OutcomeEvaluation e = new OutcomeEvaluation(fitter::fit, Map.of(), Optional.empty(), List.of(NOT_IMPROVED),
                Optional.empty());
        PatientHistory p = cohort(1, 1).get(0);
        assertThatThrownBy(() -> e.evaluate(p)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(e::rules).isInstanceOf(IllegalStateException.class);
        e.fit();
        assertThatThrownBy(e::fit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> e.train(p)).isInstanceOf(IllegalStateException.class);
    }
}
