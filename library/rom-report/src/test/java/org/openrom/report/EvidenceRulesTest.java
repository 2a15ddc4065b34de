package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.needs.ClinicianNeed;
import org.openrom.core.needs.Evidence;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.core.track.TrackStatus;

/** Each default evidence rule has a case where it fires and one where it does not. */
class EvidenceRulesTest {

    private static NeedsAssessment assess(List<Administration> admins, Map<String, TrackStatus> statuses, Set<String> flags) {
        int occ = admins.stream().mapToInt(Administration::occasion).max().orElse(0);
        return Example.NEEDS.assess(PatientHistory.score("p", Example.INSTRUMENTS, admins), occ, statuses, flags, Map.of(),
                List.of());
    }

    private static List<String> fired(NeedsAssessment a) {
        List<String> out = new ArrayList<>();
        for (RaisedNeed n : a.needs()) {
            for (Evidence e : n.evidence()) {
                if (!out.contains(e.rule())) {
                    out.add(e.rule());
                }
            }
        }
        return out;
    }

    private static Administration gq(int occ, int pb, int pw, int nr) {
        return Administration.builder("p", "gq12", occ).answers("pb", pb, pb, pb, pb).answers("pw", pw, pw, pw, pw)
                .answers("nr", nr, nr, nr, nr).build();
    }

    private static Administration events(int occ, int finances, int family, int situation) {
        return Administration.builder("p", "life-events", occ).answer("finances", finances).answer("job", 0)
                .answer("family", family).answer("housing", 0).answer("relationship", 0).answer("life-situation", situation)
                .build();
    }

    private static Administration hw(int occ, int v) {
        return Administration.builder("p", "homework", occ).answer("q1", v).build();
    }

    @Test
    void gq12Rules() {
        assertThat(fired(assess(List.of(gq(1, 3, 5, 2)), Map.of(), Set.of()))).containsExactly("gq12-low-bonding");
        assertThat(fired(assess(List.of(gq(1, 5, 3, 2)), Map.of(), Set.of()))).containsExactly("gq12-low-working");
        assertThat(fired(assess(List.of(gq(1, 5, 5, 5)), Map.of(), Set.of()))).containsExactly("gq12-negative-relationship");
        assertThat(fired(assess(List.of(gq(1, 4, 4, 4)), Map.of(), Set.of()))).isEmpty();
        NeedsAssessment a = assess(List.of(gq(1, 3, 5, 2)), Map.of(), Set.of());
        assertThat(a.needs()).extracting(RaisedNeed::subtheme).containsExactly("what-is-at-stake", "motivation");
        assertThat(a.needs().get(0).evidence().get(0).sentence()).isEqualTo("GQ-12 positive bonding 3 at session 1 (< 4)");
    }

    @Test
    void lifeEventRulesLookAtTheLastTwoChecklists() {
        assertThat(fired(assess(List.of(events(1, 1, 0, 0)), Map.of(), Set.of())))
                .containsExactlyInAnyOrder("life-event-reported", "life-event-institutional");
        assertThat(fired(assess(List.of(events(1, 0, 1, 0)), Map.of(), Set.of())))
                .containsExactlyInAnyOrder("life-event-reported", "life-event-relational");
        assertThat(fired(assess(List.of(events(1, 0, 0, 1), events(2, 0, 0, 0)), Map.of(), Set.of())))
                .containsExactly("life-event-reported");
        assertThat(fired(assess(List.of(events(1, 0, 0, 1), events(2, 0, 0, 0), events(3, 0, 0, 0)), Map.of(), Set.of())))
                .isEmpty();
    }

    @Test
    void homeworkRule() {
        assertThat(fired(assess(List.of(hw(1, 1)), Map.of(), Set.of()))).containsExactly("low-homework-adherence");
        assertThat(fired(assess(List.of(hw(1, 2)), Map.of(), Set.of()))).isEmpty();
    }

    @Test
    void problemHighWhileDepressionImproves() {
        Administration o1 = Administration.builder("p", "odsis", 0).answers("q", 3, 3, 3, 3, 3).build();
        Administration o2 = Administration.builder("p", "odsis", 4).answers("q", 2, 2, 2, 3, 3).build();
        Administration ps = Administration.builder("p", "psychlops", 4).answer("q1b", 4).answer("q4", 3).build();
        assertThat(fired(assess(List.of(o1, o2, ps), Map.of(), Set.of())))
                .containsExactly("problem-high-while-depression-improves");
        Administration psLow = Administration.builder("p", "psychlops", 4).answer("q1b", 3).answer("q4", 3).build();
        assertThat(fired(assess(List.of(o1, o2, psLow), Map.of(), Set.of()))).isEmpty();
        Administration o2Flat = Administration.builder("p", "odsis", 4).answers("q", 3, 3, 3, 3, 2).build();
        assertThat(fired(assess(List.of(o1, o2Flat, ps), Map.of(), Set.of()))).isEmpty();
    }

    @Test
    void persistentNotDespiteGoodAllianceAndAdherence() {
        List<Administration> good = List.of(gq(3, 6, 6, 1), hw(3, 4));
        assertThat(fired(assess(good, Map.of("persistent", TrackStatus.NOT_ON_TRACK), Set.of())))
                .containsExactly("persistent-not-despite-alliance");
        assertThat(fired(assess(good, Map.of("persistent", TrackStatus.ON_TRACK), Set.of()))).isEmpty();
        assertThat(fired(assess(List.of(gq(3, 6, 6, 1), hw(3, 2)), Map.of("persistent", TrackStatus.NOT_ON_TRACK), Set.of())))
                .isEmpty();
    }

    @Test
    void clinicianFlags() {
        assertThat(fired(assess(List.of(hw(1, 3)), Map.of(), Set.of("comorbidity")))).containsExactly("comorbidity-at-intake");
        assertThat(fired(assess(List.of(hw(1, 3)), Map.of(), Set.of("cognitive-difficulties"))))
                .containsExactly("cognitive-difficulties-recorded");
        assertThat(fired(assess(List.of(hw(1, 3)), Map.of(), Set.of()))).isEmpty();
    }

    @Test
    void clinicianConfirmedNeedsStayApartFromInferredOnes() {
        NeedsAssessment a = Example.NEEDS.assess(PatientHistory.score("p", Example.INSTRUMENTS, List.of(hw(1, 0))), 1,
                Map.of(), Set.of(), Map.of(),
                List.of(new ClinicianNeed("homework", 1, "agreed"), new ClinicianNeed("life-story", 1, "")));
        RaisedNeed homework = a.needs().stream().filter(n -> n.subtheme().equals("homework")).findFirst().orElseThrow();
        assertThat(homework.inferred()).isTrue();
        assertThat(homework.confirmed()).isTrue();
        RaisedNeed story = a.needs().stream().filter(n -> n.subtheme().equals("life-story")).findFirst().orElseThrow();
        assertThat(story.inferred()).isFalse();
        assertThat(story.evidence()).isEmpty();
        assertThat(a.interventions()).extracting(c -> c.intervention()).contains("case-conceptualisation", "negotiate-tasks");
    }
}
