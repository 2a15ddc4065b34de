package org.openrom.measures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openrom.core.UnknownIdException;
import org.openrom.core.ValidationException;
import org.openrom.measures.MeasurePatient.Assessment;
import org.openrom.measures.MeasurePatient.CareEvidence;
import org.openrom.measures.MeasurePatient.CareKind;
import org.openrom.measures.MeasurePatient.Diagnosis;
import org.openrom.measures.MeasurePatient.DiagnosisKind;
import org.openrom.measures.MeasurePatient.Tool;
import org.openrom.measures.MeasurePatient.Visit;

/** CMS159's episode, edge by edge, on hand-made patients (2025 measurement period: identification 2023-11-01..2024-10-31). */
class EpisodeMeasureTest {
    static final MeasurementPeriod MP = MeasurementPeriod.year(2025);

    /** A patient with one depression visit on {@code visit} and PHQ-9s on the given days and scores. */
    static final class P {
        LocalDate birth = LocalDate.of(1980, 5, 5);
        LocalDate death;
        final List<Assessment> assessments = new ArrayList<>();
        final List<Visit> visits = new ArrayList<>();
        final List<Diagnosis> diagnoses = new ArrayList<>();
        final List<CareEvidence> care = new ArrayList<>();
        boolean timed = true;

        /** Visits and diagnoses from here on as bare days, as a tidy CSV or a date-only FHIR value records them. */
        P bare() {
            timed = false;
            return this;
        }

        P visit(String day) {
            LocalDate d = LocalDate.parse(day);
            visits.add(new Visit("enc-" + visits.size(), d, d, timed));
            return this;
        }

        P depression(String onset) {
            diagnoses.add(new Diagnosis("dx-" + diagnoses.size(), DiagnosisKind.DEPRESSION, LocalDate.parse(onset),
                    Optional.empty(), timed));
            return this;
        }

        P phq(String day, double score) {
            assessments.add(new Assessment("obs-" + assessments.size(), LocalDate.parse(day).atTime(12,
                    assessments.size() % 60), score, Tool.PHQ9));
            return this;
        }

        MeasurePatient build() {
            return new MeasurePatient("p-1", Optional.ofNullable(birth), Optional.ofNullable(death)
                    .map(MeasurePatient.Death::on), assessments, visits,
                    diagnoses, care);
        }

        MeasureResult eval(EpisodeMeasure m) {
            return m.evaluate(build(), MP);
        }
    }

    static P indexed() {
        return new P().depression("2024-01-01").visit("2024-03-05").phq("2024-03-01", 15);
    }

    @Test
    void anIndexedPatientInRemissionAtTwelveMonthsIsInTheNumeratorWithItsEvidence() {
        MeasureResult r = indexed().phq("2025-03-01", 4).eval(EpisodeMeasure.CMS159);
        assertThat(r.initialPopulation()).isTrue();
        assertThat(r.denominator()).isTrue();
        assertThat(r.numerator()).isTrue();
        assertThat(r.stratum()).hasValue("18+");
        assertThat(r.ageAtIndex()).hasValue(43);
        assertThat(r.evidence()).containsExactly("obs-0", "enc-0", "dx-0", "obs-1");
        assertThat(r.reason()).isEqualTo("numerator: remission (below 5), last PHQ-9 in the window 2024-12-31..2025-04-30 "
                + "4 on 2025-03-01; index 15 on 2024-03-01");
    }

    @Test
    void theWindowIsTwelveMonthsPlusOrMinusSixtyDaysInclusive() {
        // index 2024-03-01: anchor 2025-03-01, window 2024-12-31..2025-04-30
        assertThat(indexed().phq("2024-12-31", 3).eval(EpisodeMeasure.CMS159).numerator()).isTrue();
        assertThat(indexed().phq("2024-12-30", 3).eval(EpisodeMeasure.CMS159).numerator()).isFalse();
        assertThat(indexed().phq("2025-04-30", 3).eval(EpisodeMeasure.CMS159).numerator()).isTrue();
        MeasureResult late = indexed().phq("2025-05-01", 3).eval(EpisodeMeasure.CMS159);
        assertThat(late.numerator()).isFalse();
        assertThat(late.reason()).startsWith("not in the numerator: no PHQ-9 in the window 2024-12-31..2025-04-30");
        // the last in the window decides, not the lowest
        assertThat(indexed().phq("2025-01-10", 2).phq("2025-04-01", 8).eval(EpisodeMeasure.CMS159).numerator()).isFalse();
        // several on one day: the later one decides
        assertThat(indexed().phq("2025-03-01", 8).phq("2025-03-01", 2).eval(EpisodeMeasure.CMS159).numerator()).isTrue();
    }

    @Test
    void theIndexNeedsAScoreAboveNineNearADepressionVisitEndingInTheIdentificationPeriod() {
        assertThat(new P().depression("2024-01-01").visit("2024-03-05").phq("2024-03-01", 9).eval(EpisodeMeasure.CMS159)
                .initialPopulation()).isFalse();
        // seven days before the visit is in, eight is not
        assertThat(new P().depression("2024-01-01").visit("2024-03-08").phq("2024-03-01", 10).eval(EpisodeMeasure.CMS159)
                .initialPopulation()).isTrue();
        assertThat(new P().depression("2024-01-01").visit("2024-03-09").phq("2024-03-01", 10).eval(EpisodeMeasure.CMS159)
                .initialPopulation()).isFalse();
        // after the visit ends is not
        assertThat(new P().depression("2024-01-01").visit("2024-03-01").phq("2024-03-02", 10).eval(EpisodeMeasure.CMS159)
                .initialPopulation()).isFalse();
        // the visit must end in 2023-11-01..2024-10-31
        assertThat(new P().depression("2023-01-01").visit("2023-11-01").phq("2023-11-01", 10).eval(EpisodeMeasure.CMS159)
                .initialPopulation()).isTrue();
        assertThat(new P().depression("2023-01-01").visit("2023-10-31").phq("2023-10-31", 10).eval(EpisodeMeasure.CMS159)
                .initialPopulation()).isFalse();
        assertThat(new P().depression("2023-01-01").visit("2024-10-31").phq("2024-10-31", 10).eval(EpisodeMeasure.CMS159)
                .initialPopulation()).isTrue();
        MeasureResult after = new P().depression("2023-01-01").visit("2024-11-01").phq("2024-11-01", 10)
                .eval(EpisodeMeasure.CMS159);
        assertThat(after.initialPopulation()).isFalse();
        assertThat(after.reason()).isEqualTo("not in the initial population: no PHQ-9 above 9 from 7 days before to the "
                + "end of a depression visit ending 2023-11-01..2024-10-31");
        // a visit without an overlapping depression diagnosis is not a depression visit
        assertThat(new P().depression("2024-03-06").visit("2024-03-05").phq("2024-03-01", 15).eval(EpisodeMeasure.CMS159)
                .initialPopulation()).isFalse();
        P ended = new P().visit("2024-03-05").phq("2024-03-01", 15);
        ended.diagnoses.add(new Diagnosis("dx", DiagnosisKind.DEPRESSION, LocalDate.parse("2023-01-01"),
                Optional.of(LocalDate.parse("2024-03-04")), true));
        assertThat(ended.eval(EpisodeMeasure.CMS159).initialPopulation()).isFalse();
    }

    @Test
    void bareDaysCompareAsThePublishedLogicComparesThemOrAsWholeDaysWhenAsked() {
        EpisodeMeasure days = EpisodeMeasure.builder("cms159-days").comparisons(EpisodeMeasure.Comparisons.DAYS).build();
        // a visit recorded as a bare day on the identification period's first or last day is undecided, so not counted
        P first = new P().bare().depression("2023-01-01").visit("2023-11-01").phq("2023-11-01", 10);
        assertThat(first.eval(EpisodeMeasure.CMS159).initialPopulation()).isFalse();
        assertThat(first.eval(days).initialPopulation()).isTrue();
        P last = new P().bare().depression("2023-01-01").visit("2024-10-31").phq("2024-10-31", 10);
        assertThat(last.eval(EpisodeMeasure.CMS159).initialPopulation()).isFalse();
        assertThat(last.eval(days).initialPopulation()).isTrue();
        assertThat(new P().bare().depression("2023-01-01").visit("2023-11-02").phq("2023-11-02", 10)
                .eval(EpisodeMeasure.CMS159).initialPopulation()).isTrue();
        // a diagnosis recorded as a bare day on a timed visit's day does not overlap it; both bare, it does
        P mixed = new P().visit("2024-03-05").phq("2024-03-01", 15);
        mixed.diagnoses.add(new Diagnosis("dx", DiagnosisKind.DEPRESSION, LocalDate.parse("2024-03-05"),
                Optional.empty(), false));
        assertThat(mixed.eval(EpisodeMeasure.CMS159).initialPopulation()).isFalse();
        assertThat(mixed.eval(days).initialPopulation()).isTrue();
        assertThat(new P().bare().depression("2024-03-05").visit("2024-03-05").phq("2024-03-01", 15)
                .eval(EpisodeMeasure.CMS159).initialPopulation()).isTrue();
        assertThat(EpisodeMeasure.CMS159.comparisons()).isEqualTo(EpisodeMeasure.Comparisons.PUBLISHED);
    }

    @Test
    void theFirstQualifyingAssessmentIsTheIndexEvenBeforeTheIdentificationPeriod() {
        // a visit ending 2023-11-03 reaches back to 2023-10-27: the index is older than the period itself
        MeasureResult r = new P().depression("2023-01-01").visit("2023-11-03").phq("2023-10-27", 12).phq("2023-11-02", 20)
                .phq("2024-10-27", 4).eval(EpisodeMeasure.CMS159);
        assertThat(r.index().map(Assessment::id)).hasValue("obs-0");
        assertThat(r.numerator()).isTrue();
    }

    @Test
    void theAgeIsTakenOnTheIndexDayAndStrataSplitAtEighteen() {
        P twelve = indexed();
        twelve.birth = LocalDate.of(2012, 3, 1);
        assertThat(twelve.eval(EpisodeMeasure.CMS159).stratum()).hasValue("12-17");
        P eleven = indexed();
        eleven.birth = LocalDate.of(2012, 3, 2);
        MeasureResult r = eleven.eval(EpisodeMeasure.CMS159);
        assertThat(r.initialPopulation()).isFalse();
        assertThat(r.reason()).isEqualTo("not in the initial population: aged 11 at the index assessment (2024-03-01), "
                + "under 12");
        P adult = indexed();
        adult.birth = LocalDate.of(2006, 3, 1);
        assertThat(adult.eval(EpisodeMeasure.CMS159).stratum()).hasValue("18+");
        P unknown = indexed();
        unknown.birth = null;
        assertThat(unknown.eval(EpisodeMeasure.CMS159).reason()).contains("no birth date");
    }

    @Test
    void exclusionsCoverTheIdentificationPeriodToTheEndOfTheWindow() {
        P hospice = indexed().phq("2025-03-01", 2);
        hospice.care.add(new CareEvidence("hosp", CareKind.HOSPICE, LocalDate.parse("2025-04-30"),
                LocalDate.parse("2025-06-01")));
        MeasureResult r = hospice.eval(EpisodeMeasure.CMS159);
        assertThat(r.denominatorExclusion()).isTrue();
        assertThat(r.numerator()).isFalse();
        assertThat(r.exclusions()).containsExactly("hospice");
        assertThat(r.evidence()).contains("hosp");
        P later = indexed().phq("2025-03-01", 2);
        later.care.add(new CareEvidence("pal", CareKind.PALLIATIVE, LocalDate.parse("2025-05-01"),
                LocalDate.parse("2025-06-01")));
        assertThat(later.eval(EpisodeMeasure.CMS159).denominatorExclusion()).isFalse();
        P before = indexed().phq("2025-03-01", 2);
        before.care.add(new CareEvidence("pal", CareKind.PALLIATIVE, LocalDate.parse("2023-10-01"),
                LocalDate.parse("2023-10-31")));
        assertThat(before.eval(EpisodeMeasure.CMS159).numerator()).isTrue();
        P died = indexed();
        died.death = LocalDate.parse("2025-04-30");
        assertThat(died.eval(EpisodeMeasure.CMS159).exclusions()).containsExactly("died");
        P bipolar = indexed().phq("2025-03-01", 2);
        bipolar.diagnoses.add(new Diagnosis("bp", DiagnosisKind.BIPOLAR, LocalDate.parse("2025-04-30"), Optional.empty()));
        assertThat(bipolar.eval(EpisodeMeasure.CMS159).exclusions()).containsExactly("mental-health-disorder");
        bipolar.diagnoses.set(1, new Diagnosis("bp", DiagnosisKind.BIPOLAR, LocalDate.parse("2025-05-01"), Optional.empty()));
        assertThat(bipolar.eval(EpisodeMeasure.CMS159).numerator()).isTrue();
    }

    @Test
    void aTimedDeathOrPalliativeStartOnTheWindowsLastDayIsUndecidedAsInThePublishedLogic() {
        // the window ends 2025-04-30; the published logic compares a time with that day and cannot decide
        P p = indexed().phq("2025-03-01", 2);
        MeasurePatient timedDeath = new MeasurePatient("p-1", Optional.of(p.birth), Optional.of(new MeasurePatient.Death(
                LocalDate.parse("2025-04-30"), true)), p.assessments, p.visits, p.diagnoses, p.care);
        assertThat(EpisodeMeasure.CMS159.evaluate(timedDeath, MP).numerator()).isTrue();
        MeasurePatient dayBefore = new MeasurePatient("p-1", Optional.of(p.birth), Optional.of(new MeasurePatient.Death(
                LocalDate.parse("2025-04-29"), true)), p.assessments, p.visits, p.diagnoses, p.care);
        assertThat(EpisodeMeasure.CMS159.evaluate(dayBefore, MP).exclusions()).containsExactly("died");
        P palliative = indexed().phq("2025-03-01", 2);
        palliative.care.add(new CareEvidence("pal", CareKind.PALLIATIVE, LocalDate.parse("2025-04-30"),
                LocalDate.parse("2025-05-02"), true));
        assertThat(palliative.eval(EpisodeMeasure.CMS159).numerator()).isTrue();
        palliative.care.set(0, new CareEvidence("pal", CareKind.PALLIATIVE, LocalDate.parse("2025-04-30"),
                LocalDate.parse("2025-05-02")));
        assertThat(palliative.eval(EpisodeMeasure.CMS159).exclusions()).containsExactly("palliative-care");
        // an untimed end on the identification period's first day is undecided too; a timed one counts
        palliative.care.set(0, new CareEvidence("pal", CareKind.PALLIATIVE, LocalDate.parse("2023-10-01"),
                LocalDate.parse("2023-11-01")));
        assertThat(palliative.eval(EpisodeMeasure.CMS159).numerator()).isTrue();
        palliative.care.set(0, new CareEvidence("pal", CareKind.PALLIATIVE, LocalDate.parse("2023-10-01"),
                LocalDate.parse("2023-11-01"), true));
        assertThat(palliative.eval(EpisodeMeasure.CMS159).exclusions()).containsExactly("palliative-care");
        // hospice is compared by day ("overlaps day of"): a timed start on the last day counts
        P hospice = indexed().phq("2025-03-01", 2);
        hospice.care.add(new CareEvidence("h", CareKind.HOSPICE, LocalDate.parse("2025-04-30"),
                LocalDate.parse("2025-05-02"), true));
        assertThat(hospice.eval(EpisodeMeasure.CMS159).exclusions()).containsExactly("hospice");
    }

    @Test
    void sixMonthsAndResponseDeriveFromTheSameEpisode() {
        // DEP-REM-6 over 2025: identification 2024-05-01..2025-04-30; index 2024-06-01, window 2024-10-02..2025-01-30
        P p = new P().depression("2024-01-01").visit("2024-06-03").phq("2024-06-01", 20).phq("2024-12-01", 4);
        assertThat(p.eval(EpisodeMeasure.DEP_REM_6).numerator()).isTrue();
        assertThat(p.eval(EpisodeMeasure.CMS159).initialPopulation()).isTrue();
        assertThat(p.eval(EpisodeMeasure.CMS159).numerator()).isFalse();
        assertThat(EpisodeMeasure.DEP_REM_6.identificationStart(MP)).isEqualTo("2024-05-01");
        assertThat(EpisodeMeasure.DEP_REM_6.identificationEnd(MP)).isEqualTo("2025-05-01");
        // response: at most half the index score; 10 of 20 is a response and not a remission
        P half = new P().depression("2024-01-01").visit("2024-06-03").phq("2024-06-01", 20).phq("2024-12-01", 10);
        assertThat(half.eval(EpisodeMeasure.RESPONSE_6).numerator()).isTrue();
        assertThat(half.eval(EpisodeMeasure.DEP_REM_6).numerator()).isFalse();
        half.phq("2024-12-02", 11);
        assertThat(half.eval(EpisodeMeasure.RESPONSE_6).numerator()).isFalse();
        assertThat(half.eval(EpisodeMeasure.RESPONSE_6).reason()).contains("no response (at most 10)");
    }

    @Test
    void anOutOfRangeScoreIsUsedAsTheLogicSaysAndReported() {
        MeasureResult r = new P().depression("2024-01-01").visit("2024-03-05").phq("2024-03-01", 40).phq("2025-03-01", -1)
                .eval(EpisodeMeasure.CMS159);
        assertThat(r.numerator()).isTrue();
        assertThat(r.issues()).hasSize(2).allMatch(s -> s.contains("outside 0..27"));
    }

    @Test
    void builtInsAreFoundByIdAndVariantsAreValidated() {
        assertThat(EpisodeMeasure.builtIn("CMS159")).isSameAs(EpisodeMeasure.CMS159);
        assertThat(EpisodeMeasure.builtIns()).extracting(EpisodeMeasure::id).containsExactly("cms159", "dep-rem-6",
                "response-12", "response-6");
        assertThat(EpisodeMeasure.builtIns()).allMatch(m -> !m.source().isBlank());
        assertThatThrownBy(() -> EpisodeMeasure.builtIn("cms2")).isInstanceOf(UnknownIdException.class)
                .hasMessageContaining("cms159");
        assertThatThrownBy(() -> EpisodeMeasure.builder("x").windowMonths(0)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("windowMonths: got 0, expected an integer in 1..60");
        assertThatThrownBy(() -> EpisodeMeasure.builder("x").identificationMonths(-2, -2))
                .hasMessageContaining("identificationEnd: got -2");
        assertThatThrownBy(() -> EpisodeMeasure.builder("x").responseFraction(0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> EpisodeMeasure.builder("X y")).hasMessageContaining("lower-case");
        EpisodeMeasure nine = EpisodeMeasure.builder("nine-months").windowMonths(9).toleranceDays(30).build();
        assertThat(indexed().phq("2024-12-01", 1).eval(nine).numerator()).isTrue();
    }

    @Test
    void thePeriodParsesAndRefusesClearly() {
        assertThat(MeasurementPeriod.parse("2025-01-01..2025-12-31")).isEqualTo(MP);
        assertThat(MeasurementPeriod.parse("2025")).isEqualTo(MP);
        assertThatThrownBy(() -> MeasurementPeriod.parse("25")).hasMessageContaining("two ISO dates joined by '..'");
        assertThatThrownBy(() -> MeasurementPeriod.parse("2025-12-31..2025-01-01"))
                .hasMessageContaining("end: got 2025-01-01, expected a day on or after start (2025-12-31)");
        assertThatThrownBy(() -> MeasurementPeriod.parse("2025-13-01..2025-12-31"))
                .hasMessageContaining("start: got '2025-13-01', expected an ISO date");
    }
}
