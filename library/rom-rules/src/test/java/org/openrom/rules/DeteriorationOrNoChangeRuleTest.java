package org.openrom.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrom.core.track.TrackStatus.INSUFFICIENT_DATA;
import static org.openrom.core.track.TrackStatus.NOT_ON_TRACK;
import static org.openrom.core.track.TrackStatus.ON_TRACK;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrom.core.track.Finding;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackStatus;

/** Hand-computed vectors for the study's rule, including the boundary cases of its definition (Gryesten et al. 2024; docs/rules.md). */
class DeteriorationOrNoChangeRuleTest {

    private static List<TrackStatus> statuses(String spec, double... scores) {
        return Fixtures.rule(spec).evaluate(ScoreSeries.consecutive("p", "odsis.total", scores)).stream()
                .map(TrackAssessment::status).toList();
    }

    @Test
    void referenceBaselineVersusPreviousDifferOnAnEarlyImprovementThenAPlateau() {
        assertThat(statuses("deterioration-or-no-change", 12, 10, 10, 10, 10))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, ON_TRACK, ON_TRACK);
        assertThat(statuses("deterioration-or-no-change:reference=previous", 12, 10, 10, 10, 10))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, ON_TRACK, NOT_ON_TRACK);
    }

    @Test
    void threePointsWorseThanBaselineIsNotWithThePlainLanguageReason() {
        List<TrackAssessment> as = Fixtures.rule("deterioration-or-no-change")
                .evaluate(ScoreSeries.of("p", "odsis.total", new int[] {0, 2, 4}, new double[] {12, 14, 15}));
        assertThat(as).extracting(TrackAssessment::status).containsExactly(INSUFFICIENT_DATA, ON_TRACK, NOT_ON_TRACK);
        assertThat(as.get(2).reasons()).extracting(Finding::sentence)
                .containsExactly("ODSIS 15 is 3 points worse than baseline 12 at session 4");
        assertThat(as.get(2).details()).containsEntry("deterioration", true).containsEntry("worsening", 3.0);
        assertThat(as.get(1).reasons().get(0).sentence())
                .isEqualTo("ODSIS 14 at session 2 is 2 points worse than baseline 12; no NOT criterion is met");
        assertThat(as.get(0).reasons().get(0).code()).isEqualTo("baseline");
    }

    @Test
    void noChangeForThreeConsecutiveSessions() {
        List<TrackAssessment> as = Fixtures.rule("deterioration-or-no-change")
                .evaluate(ScoreSeries.consecutive("p", "odsis.total", 12, 12, 11, 13, 8, 8));
        assertThat(as).extracting(TrackAssessment::status)
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, NOT_ON_TRACK, ON_TRACK, ON_TRACK);
        assertThat(as.get(3).reasons()).extracting(Finding::sentence).containsExactly(
                "ODSIS improved less than 2 points against baseline 12 for 3 consecutive sessions (session 1 to 3)");
        assertThat(Fixtures.rule("deterioration-or-no-change@1").evaluate(ScoreSeries.consecutive("p", "odsis.total", 12, 12,
                11, 13, 8, 8)).get(3).reasons()).extracting(Finding::sentence).containsExactly(
                "ODSIS changed less than 2 points against baseline 12 for 3 consecutive sessions (session 1 to 3)");
    }

    @Test
    void version2FlagsASustainedTwoPointWorseningThatVersion1CallsOnTrack() {
        // the case: 2 points worse for three sessions is on track under the literal reading (2 < 3 is no
        // deterioration, |-2| < 2 is false), while 1 point better is flagged; version 2 (mode=improvement) turns both
        assertThat(statuses("deterioration-or-no-change@1", 12, 14, 14, 14))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, ON_TRACK);
        assertThat(statuses("deterioration-or-no-change@1", 12, 11, 11, 11))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, NOT_ON_TRACK);
        assertThat(statuses("deterioration-or-no-change", 12, 14, 14, 14))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, NOT_ON_TRACK);
        assertThat(statuses("deterioration-or-no-change", 12, 11, 11, 11))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, NOT_ON_TRACK);
        assertThat(statuses("deterioration-or-no-change", 12, 9, 9, 9))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK, ON_TRACK);
        assertThat(Fixtures.rule("deterioration-or-no-change").ref().version()).isEqualTo("2");
        assertThat(Fixtures.rule("deterioration-or-no-change@1").ref().version()).isEqualTo("1");
        assertThat(Fixtures.rule("deterioration-or-no-change@1").ref().pinnedSpec())
                .startsWith("deterioration-or-no-change@1:").contains("mode=absolute");
        // a nested rule of the older version keeps its version in the combinator's text; the newest needs none
        String pinned = Fixtures.rule("persistent:k=2,rule=(deterioration-or-no-change@1)").ref().spec();
        assertThat(pinned).contains("rule=(deterioration-or-no-change@1:deterioration=3,mode=absolute,");
        assertThat(Fixtures.rule(pinned).ref().spec()).isEqualTo(pinned);
        assertThat(Fixtures.rule("persistent:k=2,rule=(deterioration-or-no-change)").ref().spec())
                .contains("rule=(deterioration-or-no-change:deterioration=3,mode=improvement,");
    }

    @Test
    void stickyKeepsAPatientNotOnTrack() {
        assertThat(statuses("deterioration-or-no-change", 10, 13, 9, 6))
                .containsExactly(INSUFFICIENT_DATA, NOT_ON_TRACK, ON_TRACK, ON_TRACK);
        List<TrackAssessment> sticky = Fixtures.rule("deterioration-or-no-change:sticky=true")
                .evaluate(ScoreSeries.consecutive("p", "odsis.total", 10, 13, 9, 6));
        assertThat(sticky).extracting(TrackAssessment::status)
                .containsExactly(INSUFFICIENT_DATA, NOT_ON_TRACK, NOT_ON_TRACK, NOT_ON_TRACK);
        assertThat(sticky.get(3).reasons().get(0).sentence()).isEqualTo("Not On Track since session 1 (sticky: once NOT, stays NOT)");
    }

    @Test
    void parametersChangeThresholdsAndRunLength() {
        assertThat(statuses("deterioration-or-no-change@1:deterioration=5,run=2", 10, 13, 14))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, ON_TRACK);
        assertThat(statuses("deterioration-or-no-change@1:deterioration=5,run=2,no-change=5", 10, 13, 14))
                .containsExactly(INSUFFICIENT_DATA, ON_TRACK, NOT_ON_TRACK);
    }

    @Test
    void higherIsBetterScalesMeasureWorseningDownwards() {
        List<TrackStatus> s = Fixtures.rule("deterioration-or-no-change:scale=gain.total")
                .evaluate(ScoreSeries.consecutive("p", "gain.total", 50, 47, 60)).stream().map(TrackAssessment::status).toList();
        assertThat(s).containsExactly(INSUFFICIENT_DATA, NOT_ON_TRACK, ON_TRACK);
    }

    @Test
    void theCanonicalReferenceCarriesEveryParameter() {
        assertThat(Fixtures.rule("deterioration-or-no-change:run=4").ref().spec()).isEqualTo(
                "deterioration-or-no-change:deterioration=3,mode=improvement,no-change=2,reference=baseline,run=4,"
                        + "scale=odsis.total,sticky=false");
    }
}
