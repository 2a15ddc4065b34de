package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.PatientTruth;
import org.openrom.rules.research.SyntheticCohort;
import org.openrom.rules.research.TrajectoryClass;

/** The synthetic cohort: deterministic, valid, and shaped as documented (docs/synthetic-cohort.md). */
class SyntheticCohortTest {
    private static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();

    @Test
    void sameSeedSameCohortOtherSeedOtherCohort() {
        assertThat(SyntheticCohort.generate(CohortModel.study(3, 5)).administrations())
                .isEqualTo(SyntheticCohort.generate(CohortModel.study(3, 5)).administrations());
        assertThat(SyntheticCohort.generate(CohortModel.study(3, 5)).administrations())
                .isNotEqualTo(SyntheticCohort.generate(CohortModel.study(3, 6)).administrations());
    }

    @Test
    void anyGroupRangeIsExactlyThatPartOfTheWholeCohort() {
        org.quicktheories.QuickTheory.qt().withExamples(30).forAll(org.quicktheories.generators.SourceDSL.integers()
                .between(1, 12), org.quicktheories.generators.SourceDSL.integers().between(0, 1000))
                .checkAssert((groups, split) -> {
                    CohortModel m = CohortModel.study(groups, groups * 31L + split);
                    SyntheticCohort whole = SyntheticCohort.generate(m);
                    int cut = 1 + split % groups; // first group of the second part
                    SyntheticCohort a = SyntheticCohort.generate(m, 1, cut - 1);
                    SyntheticCohort b = SyntheticCohort.generate(m, cut, groups - cut + 1);
                    java.util.List<org.openrom.core.score.Administration> joined = new java.util.ArrayList<>(a.administrations());
                    joined.addAll(b.administrations());
                    assertThat(joined).isEqualTo(whole.administrations());
                    java.util.List<org.openrom.rules.research.PatientTruth> truths = new java.util.ArrayList<>(a.truth());
                    truths.addAll(b.truth());
                    assertThat(truths).isEqualTo(whole.truth());
                });
        CohortModel m = CohortModel.study(3, 1);
        assertThatThrownBy(() -> SyntheticCohort.generate(m, 0, 1)).hasMessage("groups 0..0 are not within 1..3");
        assertThatThrownBy(() -> SyntheticCohort.generate(m, 3, 2)).hasMessage("groups 3..4 are not within 1..3");
    }

    @Test
    void patientsComeInNaturalOrderEvenPastAThousandGroups() {
        SyntheticCohort c = SyntheticCohort.generate(new CohortModel(1002, 1, 2, 0.3, 0.3, 0.25, 0, 0, 1));
        String previous = null;
        for (Administration a : c.administrations()) {
            if (previous != null && !previous.equals(a.patientId())) {
                assertThat(org.openrom.io.NaturalOrder.INSTANCE.compare(previous, a.patientId())).as(a.patientId()).isNegative();
            }
            previous = a.patientId();
        }
    }

    @Test
    void everyAdministrationIsValidAndTheSettingMatchesTheStudy() {
        SyntheticCohort c = SyntheticCohort.generate(CohortModel.study(125, 1));
        assertThat(c.truth()).hasSize(1000);
        for (Administration a : c.administrations()) {
            assertThat(REG.get(a.instrumentId()).validate(a)).as(a.toString()).isEmpty();
        }
        long dropouts = c.truth().stream().filter(t -> t.dropoutOccasion() >= 0).count();
        assertThat(dropouts).isBetween(180L, 320L);
        Map<TrajectoryClass, Integer> counts = new EnumMap<>(TrajectoryClass.class);
        c.truth().forEach(t -> counts.merge(t.trajectoryClass(), 1, Integer::sum));
        assertThat(counts.get(TrajectoryClass.EARLY_RESPONDER)).isBetween(250, 350);
        assertThat(counts.get(TrajectoryClass.DETERIORATOR)).isBetween(100, 200);
        assertThat(c.administrations().stream().filter(a -> a.instrumentId().equals("gq12")).map(Administration::occasion))
                .allMatch(o -> o >= 1 && o <= 14);
        assertThat(c.administrations().stream().filter(a -> a.comment().isPresent()).count()).isPositive();
    }

    @Test
    void otherMeasuresAreCorrelatedWithTheClass() {
        SyntheticCohort c = SyntheticCohort.generate(CohortModel.study(60, 2));
        Map<String, TrajectoryClass> cls = new HashMap<>();
        for (PatientTruth t : c.truth()) {
            cls.put(t.patientId(), t.trajectoryClass());
        }
        double[] hw = new double[4];
        double[] hwN = new double[4];
        double[] pb = new double[4];
        double[] pbN = new double[4];
        for (Administration a : c.administrations()) {
            int k = cls.get(a.patientId()).ordinal();
            if (a.instrumentId().equals("homework")) {
                hw[k] += a.answers().get("q1");
                hwN[k]++;
            } else if (a.instrumentId().equals("gq12")) {
                pb[k] += REG.get("gq12").score(a).get("gq12.pb").orElseThrow().value().orElseThrow();
                pbN[k]++;
            }
        }
        assertThat(hw[0] / hwN[0]).isGreaterThan(hw[2] / hwN[2] + 1);
        assertThat(pb[0] / pbN[0]).isGreaterThan(pb[2] / pbN[2] + 1);
        long deterioratedOutcomes = c.truth().stream().filter(t -> t.trajectoryClass() == TrajectoryClass.DETERIORATOR
                && t.outcome().equals("deteriorated")).count();
        long deterioratedAmongEarly = c.truth().stream().filter(t -> t.trajectoryClass() == TrajectoryClass.EARLY_RESPONDER
                && t.outcome().equals("deteriorated")).count();
        assertThat(deterioratedOutcomes).isGreaterThan(deterioratedAmongEarly);
    }
}
