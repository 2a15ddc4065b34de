package org.openrom.measures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openrom.measures.MeasurePatient.Assessment;
import org.openrom.measures.MeasurePatient.CareEvidence;
import org.openrom.measures.MeasurePatient.CareKind;
import org.openrom.measures.MeasurePatient.Diagnosis;
import org.openrom.measures.MeasurePatient.DiagnosisKind;
import org.openrom.measures.MeasurePatient.Tool;
import org.openrom.measures.MeasurePatient.Visit;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Laws every episode measure keeps, on random patients around a 2025 measurement period. */
class EpisodeMeasureProperties {
    private static final MeasurementPeriod MP = MeasurementPeriod.year(2025);
    private static final List<EpisodeMeasure> MEASURES = EpisodeMeasure.builtIns();

    /** A random patient: dates from mid-2023 to late 2025, scores mostly 0..27. */
    static MeasurePatient patient(long seed) {
        Random r = new Random(seed);
        LocalDate base = LocalDate.of(2023, 5, 1);
        List<Diagnosis> dx = new ArrayList<>();
        for (int i = 0; i < r.nextInt(3); i++) {
            DiagnosisKind k = r.nextInt(5) == 0 ? DiagnosisKind.values()[1 + r.nextInt(4)] : DiagnosisKind.DEPRESSION;
            LocalDate on = base.plusDays(r.nextInt(700));
            dx.add(new Diagnosis("dx" + i, k, on, r.nextBoolean() ? Optional.empty() : Optional.of(on.plusDays(r.nextInt(300)))));
        }
        List<Visit> visits = new ArrayList<>();
        for (int i = 0; i < r.nextInt(4); i++) {
            LocalDate s = base.plusDays(r.nextInt(600));
            visits.add(new Visit("v" + i, s, s.plusDays(r.nextInt(3) == 0 ? r.nextInt(5) : 0)));
        }
        List<Assessment> phq = new ArrayList<>();
        for (int i = 0; i < r.nextInt(8); i++) {
            double score = r.nextInt(40) == 0 ? 30 + r.nextInt(5) : r.nextInt(28);
            phq.add(new Assessment("a" + i, base.plusDays(r.nextInt(900)).atTime(8 + r.nextInt(10), r.nextInt(60)), score,
                    r.nextInt(4) == 0 ? Tool.PHQ9M : Tool.PHQ9));
        }
        List<CareEvidence> care = new ArrayList<>();
        if (r.nextInt(6) == 0) {
            LocalDate s = base.plusDays(r.nextInt(900));
            care.add(new CareEvidence("c", r.nextBoolean() ? CareKind.HOSPICE : CareKind.PALLIATIVE, s, s.plusDays(r.nextInt(30)),
                    r.nextBoolean()));
        }
        Optional<LocalDate> birth = r.nextInt(30) == 0 ? Optional.empty()
                : Optional.of(LocalDate.of(1940 + r.nextInt(75), 1 + r.nextInt(12), 1 + r.nextInt(28)));
        Optional<MeasurePatient.Death> death = r.nextInt(20) == 0
                ? Optional.of(new MeasurePatient.Death(base.plusDays(r.nextInt(900)), r.nextBoolean())) : Optional.empty();
        return new MeasurePatient("p" + seed, birth, death, phq, visits, dx, care);
    }

    private static Gen<MeasurePatient> patients() {
        return Generate.longRange(0, Long.MAX_VALUE).map(EpisodeMeasureProperties::patient);
    }

    /** The same patient, every date moved by {@code years}. */
    private static MeasurePatient shifted(MeasurePatient p, int years) {
        return new MeasurePatient(p.patientId(), p.birthDate().map(d -> d.plusYears(years)),
                p.death().map(d -> new MeasurePatient.Death(d.day().plusYears(years), d.timed())),
                p.assessments().stream().map(a -> new Assessment(a.id(), a.at().plusYears(years), a.score(), a.tool())).toList(),
                p.visits().stream().map(v -> new Visit(v.id(), v.start().plusYears(years), v.end().plusYears(years))).toList(),
                p.diagnoses().stream().map(d -> new Diagnosis(d.id(), d.kind(), d.onset().plusYears(years),
                        d.abatement().map(x -> x.plusYears(years)))).toList(),
                p.care().stream().map(c -> new CareEvidence(c.id(), c.kind(), c.start().plusYears(years),
                        c.end().plusYears(years), c.timed())).toList());
    }

    private static String membership(MeasureResult r) {
        return r.initialPopulation() + "/" + r.denominator() + "/" + r.denominatorExclusion() + r.exclusions() + "/"
                + r.numerator() + "/" + r.index().map(Assessment::id) + "/" + r.closing().map(Assessment::id) + "/"
                + r.stratum() + "/" + r.evidence();
    }

    @Test
    void movingEveryDateAndThePeriodByFourYearsChangesNothing() {
        // four years keep the calendar (leap days included) within 1901..2099, so no month arithmetic may differ
        qt().withExamples(2000).forAll(patients()).checkAssert(p -> {
            for (EpisodeMeasure m : MEASURES) {
                MeasureResult a = m.evaluate(p, MP);
                MeasureResult b = m.evaluate(shifted(p, 4), MeasurementPeriod.year(2029));
                assertThat(membership(b)).isEqualTo(membership(a));
            }
        });
    }

    @Test
    void anAssessmentThatCanNeitherIndexNorCloseChangesNothing() {
        qt().withExamples(1000).forAll(patients(), Generate.range(0, 9), Generate.range(-400, 400))
                .checkAssert((p, score, offset) -> {
                    for (EpisodeMeasure m : MEASURES) {
                        MeasureResult before = m.evaluate(p, MP);
                        if (before.index().isEmpty()) {
                            continue;
                        }
                        LocalDate anchor = before.index().get().date().plusMonths(m.windowMonths());
                        LocalDate day = anchor.plusDays(offset);
                        if (Math.abs(offset) <= 60) {
                            continue; // inside the window it may close the episode
                        }
                        List<Assessment> more = new ArrayList<>(p.assessments());
                        more.add(new Assessment("extra", day.atTime(9, 0), score, Tool.PHQ9));
                        MeasurePatient q = new MeasurePatient(p.patientId(), p.birthDate(), p.death(), more,
                                p.visits(), p.diagnoses(), p.care());
                        assertThat(membership(m.evaluate(q, MP))).isEqualTo(membership(before));
                    }
                });
    }

    @Test
    void theNumeratorIsMonotoneInTheClosingScore() {
        // lowering the closing score never leaves the numerator; raising it never enters it
        qt().withExamples(1000).forAll(patients(), Generate.range(0, 27)).checkAssert((p, newScore) -> {
            for (EpisodeMeasure m : MEASURES) {
                MeasureResult r = m.evaluate(p, MP);
                if (r.closing().isEmpty() || r.closing().get() == r.index().orElse(null)) {
                    continue;
                }
                Assessment c = r.closing().get();
                List<Assessment> changed = p.assessments().stream().map(a -> a == c ? new Assessment(a.id(), a.at(),
                        newScore, a.tool()) : a).toList();
                MeasureResult s = m.evaluate(new MeasurePatient(p.patientId(), p.birthDate(), p.death(), changed,
                        p.visits(), p.diagnoses(), p.care()), MP);
                // the closing assessment comes after the index, so the index stays
                assertThat(s.index()).isEqualTo(r.index());
                if (newScore <= c.score() && r.numerator()) {
                    assertThat(s.numerator()).isTrue();
                }
                if (newScore >= c.score() && !r.numerator()) {
                    assertThat(s.numerator()).isFalse();
                }
            }
        });
    }

    @Test
    void aSummaryIsTheSumOfItsPartsAndItsRateStaysInItsInterval() {
        qt().withExamples(100).forAll(Generate.longRange(0, Long.MAX_VALUE), Generate.range(1, 60)).checkAssert((seed, n) -> {
            MeasureSummary whole = new MeasureSummary(EpisodeMeasure.CMS159, MP);
            MeasureSummary left = new MeasureSummary(EpisodeMeasure.CMS159, MP);
            MeasureSummary right = new MeasureSummary(EpisodeMeasure.CMS159, MP);
            long numerator = 0;
            for (int i = 0; i < n; i++) {
                MeasureResult r = EpisodeMeasure.CMS159.evaluate(patient(seed + i), MP);
                whole.add(r);
                (i % 2 == 0 ? left : right).add(r);
                numerator += r.numerator() ? 1 : 0;
            }
            left.merge(right);
            MeasureSummary.Counts a = whole.total();
            MeasureSummary.Counts b = left.total();
            assertThat(List.of(b.patients(), b.initialPopulation(), b.denominator(), b.exclusions(), b.numerator()))
                    .isEqualTo(List.of(a.patients(), a.initialPopulation(), a.denominator(), a.exclusions(), a.numerator()));
            assertThat(a.numerator()).isEqualTo(numerator);
            assertThat(whole.strata().values().stream().mapToLong(MeasureSummary.Counts::denominator).sum())
                    .isEqualTo(a.denominator());
            if (a.denominator() > a.exclusions()) {
                var rate = a.rate();
                assertThat(rate.estimate()).isBetween(rate.low(), rate.high());
                assertThat(rate.estimate()).isEqualTo((double) a.numerator() / (a.denominator() - a.exclusions()));
            }
        });
    }
}
