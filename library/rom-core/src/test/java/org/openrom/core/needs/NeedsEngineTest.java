package org.openrom.core.needs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.UnknownIdException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackStatus;

/** The needs engine on a made-up taxonomy: each condition type fires and stays quiet, and ranking follows its rule. */
class NeedsEngineTest {
    private static final InstrumentRegistry INSTRUMENTS = TestNeeds.instruments();
    private static final NeedsEngine ENGINE = TestNeeds.engine();

    static Administration mood(int occasion, int score) {
        return Administration.builder("p", "mood", occasion).answer("q", score).build();
    }

    static Administration mixed(int occasion, int a, int b, int c) {
        return Administration.builder("p", "test-mixed", occasion).answer("a", a).answer("b", b).answer("c", c).build();
    }

    static Administration events(int occasion, int e1, int e2) {
        return Administration.builder("p", "checklist", occasion).answer("e1", e1).answer("e2", e2).build();
    }

    private static NeedsAssessment assess(List<Administration> a, int occasion, Map<String, TrackStatus> statuses,
            Set<String> flags) {
        return ENGINE.assess(PatientHistory.score("p", INSTRUMENTS, a), occasion, statuses, flags, Map.of(), List.of());
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

    @Test
    void aScaleConditionLooksAtItsWindowOfLatestScoresUpToTheOccasion() {
        List<Administration> a = List.of(mood(0, 21), mood(1, 10), mood(2, 23), mood(3, 12), mood(4, 12));
        NeedsAssessment at2 = assess(a, 2, Map.of(), Set.of());
        assertThat(fired(at2)).containsExactly("mood-over-20");
        assertThat(at2.needs()).singleElement().satisfies(n -> {
            assertThat(n.subtheme()).isEqualTo("mood-high");
            assertThat(n.theme()).isEqualTo("theme-a");
            assertThat(n.evidence()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo("scale");
                assertThat(e.reference()).isEqualTo("mood.total");
                assertThat(e.occasion()).isEqualTo(2);
                assertThat(e.value()).isEqualTo("23");
                assertThat(e.sentence()).isEqualTo("MOOD 23 at session 2 (> 20)");
            });
        });
        // window 2: at session 3 the scores 23 and 12 are looked at, at session 4 only 12 and 12 (where the
        // improvement of 9 from baseline 21 is evidence of another rule)
        assertThat(fired(assess(a, 3, Map.of(), Set.of()))).containsExactly("mood-over-20", "better-by-5");
        assertThat(fired(assess(a, 4, Map.of(), Set.of()))).containsExactly("better-by-5");
        // at session 1 the window still holds the baseline 21
        assertThat(assess(a, 1, Map.of(), Set.of()).needs().get(0).evidence()).extracting(Evidence::occasion)
                .containsExactly(0);
    }

    @Test
    void anItemConditionComparesTheRawAnswersOfTheLatestAdministration() {
        assertThat(fired(assess(List.of(mixed(1, 1, 5, 3)), 1, Map.of(), Set.of()))).containsExactly("item-a-low");
        NeedsAssessment both = assess(List.of(mixed(1, 1, 5, 0)), 1, Map.of(), Set.of());
        assertThat(both.needs()).singleElement().satisfies(n -> assertThat(n.evidence())
                .extracting(Evidence::reference).containsExactly("test-mixed.a", "test-mixed.c"));
        assertThat(both.needs().get(0).evidence().get(0).sentence()).isEqualTo("Mixed test instrument: topic a = 1 at session 1");
        // only the latest administration counts (window 1)
        assertThat(fired(assess(List.of(mixed(1, 1, 5, 3), mixed(2, 4, 5, 3)), 2, Map.of(), Set.of()))).isEmpty();
        assertThat(fired(assess(List.of(mixed(1, 2, 1, 2)), 1, Map.of(), Set.of()))).isEmpty();
    }

    @Test
    void oneRuleMayRaiseSeveralNeedsWithTheSameEvidence() {
        NeedsAssessment a = assess(List.of(events(1, 1, 0), events(2, 0, 0)), 2, Map.of(), Set.of());
        assertThat(a.needs()).extracting(RaisedNeed::subtheme).containsExactly("mood-high", "item-low");
        assertThat(a.needs().get(0).evidence()).isEqualTo(a.needs().get(1).evidence());
        assertThat(a.needs().get(0).evidence()).singleElement().satisfies(e -> assertThat(e.occasion()).isEqualTo(1));
        assertThat(fired(assess(List.of(events(1, 1, 0), events(2, 0, 0), events(3, 0, 0)), 3, Map.of(), Set.of())))
                .isEmpty();
    }

    @Test
    void aChangeConditionMeasuresImprovementInTheScalesHealthyDirection() {
        NeedsAssessment better = assess(List.of(mood(0, 20), mood(4, 15)), 4, Map.of(), Set.of());
        assertThat(fired(better)).containsExactly("better-by-5");
        assertThat(better.needs().get(0).evidence().get(0).sentence())
                .isEqualTo("MOOD improved 5 points from baseline 20 to 15 at session 4");
        assertThat(fired(assess(List.of(mood(0, 20), mood(4, 16)), 4, Map.of(), Set.of()))).isEmpty();
        // worse is not better: lower is better on mood
        assertThat(fired(assess(List.of(mood(0, 10), mood(4, 18)), 4, Map.of(), Set.of()))).isEmpty();
        assertThat(fired(assess(List.of(mood(0, 10)), 0, Map.of(), Set.of()))).isEmpty();
    }

    @Test
    void allNeedsEveryPartAndAnyNeedsOne() {
        List<Administration> one = List.of(mood(1, 5));
        Map<String, TrackStatus> not = Map.of("core-delta", TrackStatus.NOT_ON_TRACK);
        NeedsAssessment both = assess(one, 1, not, Set.of("worry"));
        assertThat(fired(both)).containsExactlyInAnyOrder("stuck-and-flagged", "any-flag");
        RaisedNeed stuck = both.needs().stream().filter(n -> n.subtheme().equals("stuck")).findFirst().orElseThrow();
        assertThat(stuck.evidence()).extracting(Evidence::kind).containsExactly("status", "flag");
        assertThat(stuck.evidence().get(0).sentence()).isEqualTo("Rule core-delta is not on track at session 1");
        assertThat(fired(assess(one, 1, not, Set.of()))).isEmpty();
        assertThat(fired(assess(one, 1, Map.of("core-delta", TrackStatus.ON_TRACK), Set.of("worry"))))
                .containsExactly("any-flag");
        assertThat(fired(assess(one, 1, Map.of(), Set.of("other")))).containsExactly("any-flag");
        assertThat(fired(assess(one, 1, Map.of(), Set.of("unrelated")))).isEmpty();
    }

    @Test
    void needsRankByTheirSupportThenByHowManyPatientsRaisedThem() {
        List<Administration> one = List.of(mood(1, 5));
        Map<String, TrackStatus> not = Map.of("core-delta", TrackStatus.NOT_ON_TRACK);
        // stuck: two pieces (status and flag); flagged: one
        assertThat(assess(one, 1, not, Set.of("worry")).needs()).extracting(RaisedNeed::subtheme, RaisedNeed::rank)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stuck", 1), org.assertj.core.groups.Tuple.tuple("flagged", 2));
        // two pieces each: flagged was raised by 9 patients in the (made-up) study, stuck by 1
        assertThat(assess(one, 1, not, Set.of("worry", "other")).needs()).extracting(RaisedNeed::subtheme)
                .containsExactly("flagged", "stuck");
    }

    @Test
    void interventionsAreThoseServingARaisedNeedInTaxonomyOrder() {
        NeedsAssessment a = assess(List.of(mood(0, 22)), 0, Map.of(), Set.of("other"));
        assertThat(a.needs()).extracting(RaisedNeed::subtheme).containsExactly("flagged", "mood-high");
        assertThat(a.interventions()).extracting(CandidateIntervention::intervention, CandidateIntervention::serves)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("talk", List.of("mood-high")),
                        org.assertj.core.groups.Tuple.tuple("call", List.of("flagged")));
        assertThat(a.taxonomy()).isEqualTo("core-test@1");
        assertThat(a.evidenceRules()).isEqualTo("core-test-evidence@3");
        assertThat(a.patientId()).isEqualTo("p");
        assertThat(a.occasion()).isZero();
        assertThat(assess(List.of(mood(0, 5)), 0, Map.of(), Set.of()).interventions()).isEmpty();
    }

    @Test
    void tagsAndConfirmationsAreSupportKeptApartFromInferredEvidence() {
        PatientHistory h = PatientHistory.score("p", INSTRUMENTS, List.of(mood(0, 22)));
        NeedsAssessment a = ENGINE.assess(h, 0, Map.of(), Set.of(), Map.of(0, List.of("stuck")),
                List.of(new ClinicianNeed("mood-high", 0, "agreed"), new ClinicianNeed("improving", 0, "")));
        RaisedNeed mood = a.needs().stream().filter(n -> n.subtheme().equals("mood-high")).findFirst().orElseThrow();
        assertThat(mood.inferred()).isTrue();
        assertThat(mood.confirmed()).isTrue();
        assertThat(mood.rank()).isEqualTo(1); // two pieces of support
        RaisedNeed improving = a.needs().stream().filter(n -> n.subtheme().equals("improving")).findFirst().orElseThrow();
        assertThat(improving.inferred()).isFalse();
        assertThat(improving.evidence()).isEmpty();
        RaisedNeed stuck = a.needs().stream().filter(n -> n.subtheme().equals("stuck")).findFirst().orElseThrow();
        assertThat(stuck.evidence()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("tag");
            assertThat(e.sentence()).isEqualTo("A comment at session 0 was tagged 'Stuck' by a clinician");
        });
        assertThat(a.interventions()).extracting(CandidateIntervention::intervention).containsExactly("talk", "review");
    }

    @Test
    void aTagOrConfirmationOfAnUnknownNeedIsRejected() {
        PatientHistory h = PatientHistory.score("p", INSTRUMENTS, List.of(mood(0, 22)));
        assertThatThrownBy(() -> ENGINE.assess(h, 0, Map.of(), Set.of(), Map.of(0, List.of("nope")), List.of()))
                .isInstanceOf(UnknownIdException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> ENGINE.assess(h, 0, Map.of(), Set.of(), Map.of(),
                List.of(new ClinicianNeed("nope", 0, "")))).isInstanceOf(UnknownIdException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> ENGINE.assess(null, 0, Map.of(), Set.of(), Map.of(), List.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("history");
    }

    @Test
    void anEngineRefusesRulesWrittenForAnotherTaxonomy() {
        assertThatThrownBy(() -> NeedsEngine.of(NeedsTaxonomy.loadDefault(), TestNeeds.evidence(), INSTRUMENTS))
                .isInstanceOf(org.openrom.core.ValidationException.class).hasMessageContaining("core-test");
        assertThat(ENGINE.taxonomy().id()).isEqualTo("core-test");
        assertThat(ENGINE.rules().negativeResponseInstruments()).containsExactly("test-mixed");
        assertThat(ENGINE.rules().lifeEventsInstrument()).isEqualTo("checklist");
    }
}
