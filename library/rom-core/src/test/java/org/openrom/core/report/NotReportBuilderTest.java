package org.openrom.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.ValidationException;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.monitor.TestRules;
import org.openrom.core.needs.ClinicianNeed;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.needs.TestNeeds;
import org.openrom.core.score.Administration;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.TrackStatus;
import org.openrom.core.track.spi.RuleEnvironment;
import org.quicktheories.generators.Generate;

/** The report builder on test instruments, a test rule and the test taxonomy (no built-in content involved). */
class NotReportBuilderTest {
    private static final InstrumentRegistry INSTRUMENTS = TestNeeds.instruments();
    private static final NeedsEngine NEEDS = TestNeeds.engine();
    private static final RuleRegistry RULES = RuleRegistry.builder().add(TestRules.delta()).build();
    private static final List<String> SPECS = List.of("core-delta:scale=mood.total,d=3", "core-delta:scale=test-mixed.sum,d=3");

    private static List<TrackRule> rules() {
        RuleEnvironment env = RuleEnvironment.of(INSTRUMENTS);
        return SPECS.stream().map(s -> RULES.create(s, env)).toList();
    }

    private static Administration mood(String p, int occasion, int score) {
        return Administration.builder(p, "mood", occasion).groupId("g").answer("q", score).build();
    }

    private static Administration mixed(String p, int occasion, int a, int b, int c) {
        return Administration.builder(p, "test-mixed", occasion).groupId("g").answer("a", a).answer("b", b).answer("c", c)
                .build();
    }

    private static Administration events(String p, int occasion, int e1, int e2) {
        return Administration.builder(p, "checklist", occasion).answer("e1", e1).answer("e2", e2).build();
    }

    /** mood 10, 12, 14, 11 (NOT at session 2 by 4 points, on track at 3); test-mixed at 0 and 2; checklists 1–3. */
    private static List<Administration> history() {
        return List.of(mood("p", 0, 10), mood("p", 1, 12).toBuilder().comment("a hard week").build(), mood("p", 2, 14),
                mood("p", 3, 11), mixed("p", 0, 2, 2, 1), mixed("p", 2, 1, 1, 3), events("p", 1, 1, 0),
                events("p", 2, 0, 0), events("p", 3, 0, 1));
    }

    private static NotReportBuilder builder() {
        return new NotReportBuilder(INSTRUMENTS, rules(), NEEDS).administrations(history());
    }

    @Test
    void theReportAtAnOccasionShowsTheStatusReasonsAndTrajectoriesUpToIt() {
        NotReport r = builder().build("p", 2);
        assertThat(r.patientId()).isEqualTo("p");
        assertThat(r.groupId()).isEqualTo("g");
        assertThat(r.occasion()).isEqualTo(2);
        assertThat(r.status()).isEqualTo(TrackStatus.NOT_ON_TRACK);
        assertThat(r.assessments()).extracting(a -> a.rule().spec(), a -> a.status()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("core-delta:d=3,scale=mood.total", TrackStatus.NOT_ON_TRACK),
                org.assertj.core.groups.Tuple.tuple("core-delta:d=3,scale=test-mixed.sum", TrackStatus.ON_TRACK));
        assertThat(r.reasons()).extracting(f -> f.sentence()).containsExactly("delta 4.0");
        assertThat(r.trajectories()).extracting(Trajectory::scale).containsExactly("mood.total", "test-mixed.sum");
        Trajectory mood = r.trajectories().get(0);
        assertThat(mood.points()).extracting(TrajectoryPoint::occasion).containsExactly(0, 1, 2);
        assertThat(mood.points()).extracting(TrajectoryPoint::score).containsExactly(10.0, 12.0, 14.0);
        assertThat(mood.points()).extracting(TrajectoryPoint::display).containsExactly(10.0, 12.0, 14.0);
        assertThat(mood.points()).extracting(TrajectoryPoint::status).containsExactly("INSUFFICIENT_DATA", "ON_TRACK",
                "NOT_ON_TRACK");
        // test-mixed.sum is displayed reversed: min 2 + max 13 − score (b is reverse-keyed: 2 scores 4, 1 scores 5)
        Trajectory sum = r.trajectories().get(1);
        assertThat(sum.points()).extracting(TrajectoryPoint::score).containsExactly(7.0, 9.0);
        assertThat(sum.points()).extracting(TrajectoryPoint::display).containsExactly(8.0, 6.0);
        assertThat(sum.hasCutoff()).isTrue();
        assertThat(sum.cutoff()).isEqualTo(7.0);
    }

    @Test
    void theStatusNamesItsRuleSinceWhenAndHowLongAndTheStripsShowEveryRuleOverSessions() {
        NotReport r = builder().build("p", 2);
        assertThat(r.statusRule()).isEqualTo("core-delta:d=3,scale=mood.total");
        assertThat(r.notSince()).isEqualTo(2);
        assertThat(r.consecutiveNot()).isEqualTo(1);
        assertThat(r.persistent()).isFalse();
        assertThat(r.strips()).extracting(RuleStrip::rule).containsExactly("core-delta:d=3,scale=mood.total",
                "core-delta:d=3,scale=test-mixed.sum");
        assertThat(r.strips().get(0).occasions()).containsExactly(0, 1, 2);
        assertThat(r.strips().get(0).statuses()).containsExactly(TrackStatus.INSUFFICIENT_DATA, TrackStatus.ON_TRACK,
                TrackStatus.NOT_ON_TRACK);
        assertThat(r.strips().get(0).at(1)).isEqualTo(TrackStatus.ON_TRACK);
        assertThat(r.strips().get(0).at(7)).isNull();
        assertThat(r.strips().get(1).occasions()).containsExactly(0, 2);
        // on track at 3: the status rule is the first that assessed, and nothing is NOT
        NotReport at3 = builder().build("p", 3);
        assertThat(at3.statusRule()).isEqualTo("core-delta:d=3,scale=mood.total");
        assertThat(at3.notSince()).isEqualTo(-1);
        assertThat(at3.consecutiveNot()).isZero();
        // a second NOT session in a row is persistent, and a later rule that is NOT names the status
        List<Administration> worse = new ArrayList<>(history().subList(0, 3));
        worse.add(mood("p", 3, 15));
        worse.add(mixed("p", 3, 4, 1, 3));
        NotReport w = new NotReportBuilder(INSTRUMENTS, rules(), NEEDS).administrations(worse).build("p", 3);
        assertThat(w.notSince()).isEqualTo(2);
        assertThat(w.consecutiveNot()).isEqualTo(2);
        assertThat(w.persistent()).isTrue();
        List<TrackRule> reversed = List.of(rules().get(1), rules().get(0));
        NotReport second = new NotReportBuilder(INSTRUMENTS, reversed, NEEDS).administrations(history()).build("p", 2);
        assertThat(second.status()).isEqualTo(TrackStatus.NOT_ON_TRACK);
        assertThat(second.statusRule()).isEqualTo("core-delta:d=3,scale=mood.total");
    }

    @Test
    void missedSessionsAndAbsenceAreData() {
        List<Administration> gaps = List.of(mood("p", 0, 10), mood("p", 1, 11), events("p", 3, 0, 0), mood("p", 4, 12));
        NotReportBuilder b = new NotReportBuilder(INSTRUMENTS, rules(), NEEDS).administrations(gaps);
        NotReport at4 = b.build("p", 4);
        assertThat(at4.missed()).containsExactly(2);
        assertThat(at4.lastAttended()).isEqualTo(4);
        assertThat(at4.absentNow()).isFalse();
        // reported at the group's session 7, the patient was last seen at 4
        NotReport at7 = b.build("p", 7);
        assertThat(at7.missed()).containsExactly(2, 5, 6, 7);
        assertThat(at7.lastAttended()).isEqualTo(4);
        assertThat(at7.absentNow()).isTrue();
        assertThat(at7.trajectories().get(0).points()).extracting(TrajectoryPoint::occasion).containsExactly(0, 1, 4);
    }

    @Test
    void aReasonTwoRulesGiveIsListedOnce() {
        // the same rule twice under two specs that are NOT together: one sentence, once
        RuleEnvironment env = RuleEnvironment.of(INSTRUMENTS);
        List<TrackRule> twice = List.of(RULES.create("core-delta:scale=mood.total,d=3", env),
                RULES.create("core-delta:scale=mood.total,d=4", env));
        NotReport r = new NotReportBuilder(INSTRUMENTS, twice, NEEDS).administrations(history()).build("p", 2);
        assertThat(r.assessments()).allSatisfy(a -> assertThat(a.isNotOnTrack()).isTrue());
        assertThat(r.assessments()).flatExtracting(a -> a.reasons()).hasSize(2);
        assertThat(r.reasons()).extracting(f -> f.sentence()).containsExactly("delta 4.0");
    }

    @Test
    void negativeResponsesLifeEventsAndCommentsFollowTheEvidenceRulesReportProfile() {
        NotReport at2 = builder().build("p", 2);
        // latest test-mixed (session 2): b = 1 scores 5 after reversal (worst quarter of 1..5), c = 3 (worst of 0..3)
        assertThat(at2.negativeResponses()).extracting(i -> i.item() + "=" + i.value() + "@" + i.occasion())
                .containsExactly("b=1@2", "c=3@2");
        assertThat(at2.negativeResponses().get(0).topic()).isEqualTo("topic b");
        // the last two checklists up to the occasion
        assertThat(at2.lifeEvents()).extracting(i -> i.item() + "@" + i.occasion()).containsExactly("e1@1");
        assertThat(builder().build("p", 3).lifeEvents()).extracting(i -> i.item() + "@" + i.occasion())
                .containsExactly("e2@3");
        assertThat(at2.comments()).singleElement().satisfies(c -> {
            assertThat(c.occasion()).isEqualTo(1);
            assertThat(c.instrument()).isEqualTo("mood");
            assertThat(c.text()).isEqualTo("a hard week");
        });
        assertThat(builder().build("p", 0).comments()).isEmpty();
    }

    /** A clinic's own questionnaire, outside the report profile, with a critical item that alerts from 1 (of 0..3). */
    private static org.openrom.core.instrument.Instrument clinicForm() {
        org.openrom.core.instrument.Instrument.Builder b = org.openrom.core.instrument.Instrument.builder("clinic-form", "1")
                .name("Clinic form");
        for (int i = 1; i <= 3; i++) {
            b.item(org.openrom.core.instrument.Item.ordinal("k" + i, "topic k" + i, 0, 3));
        }
        return b.scale(org.openrom.core.instrument.Scale.builder("total", "Clinic").items("k1", "k2", "k3"))
                .criticalItem(new org.openrom.core.instrument.CriticalItem("k3", 1, Integer.MAX_VALUE,
                        org.openrom.core.safety.Severity.HIGH, "clinic-k3", java.util.Optional.empty()))
                .build();
    }

    @Test
    void everyAnsweredInstrumentHasNegativeResponsesAndACriticalAnswerIsAlwaysOne() {
        InstrumentRegistry withForm = InstrumentRegistry.builder().add(TestRules.singleItem("mood"))
                .add(org.openrom.core.instrument.TestInstruments.mixed()).add(TestNeeds.checklist()).add(clinicForm()).build();
        List<Administration> adms = new ArrayList<>(history());
        // the clinic's form at session 2: k1 at its worst (3), k2 mild (1), k3 = 1: a critical answer, not in the worst quarter
        adms.add(Administration.builder("p", "clinic-form", 2).answer("k1", 3).answer("k2", 1).answer("k3", 1).build());
        NotReport at2 = new NotReportBuilder(withForm, rules(), NeedsEngine.of(TestNeeds.taxonomy(), TestNeeds.evidence(),
                withForm)).administrations(adms).build("p", 2);
        // the profile's instrument first, then the others as they appear; never the life-events checklist
        assertThat(at2.negativeResponses()).extracting(i -> i.instrument() + "." + i.item() + "=" + i.value())
                .containsExactly("test-mixed.b=1", "test-mixed.c=3", "clinic-form.k1=3", "clinic-form.k3=1");
    }

    @Test
    void theNeedsSeeTheRulesStatusesFlagsTagsAndConfirmations() {
        NotReport r = builder().flags(Set.of("worry")).commentTags(Map.of(1, List.of("item-low")))
                .confirmed(List.of(new ClinicianNeed("improving", 2, "said so"))).build("p", 2);
        assertThat(r.needs().needs()).extracting(RaisedNeed::subtheme).containsExactlyInAnyOrder("stuck", "flagged",
                "item-low", "mood-high", "improving");
        // both rules have the id core-delta: NOT on one of them is the id's status the evidence rules see
        RaisedNeed stuck = r.needs().needs().stream().filter(n -> n.subtheme().equals("stuck")).findFirst().orElseThrow();
        assertThat(stuck.evidence()).extracting(e -> e.kind()).containsExactly("status", "flag");
        NotReport later = builder().flags(Set.of("worry")).build("p", 3);
        assertThat(later.status()).isEqualTo(TrackStatus.ON_TRACK);
        assertThat(later.reasons()).isEmpty();
        assertThat(later.needs().needs()).extracting(RaisedNeed::subtheme).doesNotContain("stuck");
    }

    @Test
    void aPatientWithNothingUpToTheOccasionIsRejected() {
        assertThatThrownBy(() -> builder().build("nobody", 3)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("patientId");
        List<Administration> late = List.of(mood("q", 5, 10));
        assertThatThrownBy(() -> new NotReportBuilder(INSTRUMENTS, rules(), NEEDS).administrations(late).build("q", 4))
                .isInstanceOf(ValidationException.class).hasMessageContaining("occasion 4");
        PatientHistory h = PatientHistory.score("q", INSTRUMENTS, late);
        assertThatThrownBy(() -> new NotReportBuilder(INSTRUMENTS, rules(), NEEDS).build(h, RuleTrack.evaluate(rules(), h), 4))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void theBatchReportIsTheReportOfTheHistoryAndItsTracks() {
        PatientHistory h = PatientHistory.score("p", INSTRUMENTS, history());
        NotReportBuilder b = builder().flags(Set.of("other"));
        for (int occ = 0; occ <= 3; occ++) {
            assertThat(b.build("p", occ)).isEqualTo(new NotReportBuilder(INSTRUMENTS, rules(), NEEDS).flags(Set.of("other"))
                    .build(h, RuleTrack.evaluate(rules(), h), occ));
        }
    }

    @Test
    void theReportFromTheMonitorEqualsTheBatchReportInAnyArrivalOrder() {
        qt().withExamples(60).forAll(Generate.intArrays(Generate.constant(24), Generate.range(0, 30)),
                Generate.longRange(0, Long.MAX_VALUE), Generate.range(0, 100)).checkAssert((v, seed, cut) -> {
                    List<Administration> all = new ArrayList<>();
                    for (int p = 0; p < 3; p++) {
                        for (int occ = 0; occ < 4; occ++) {
                            int x = v[p * 8 + occ * 2];
                            int y = v[p * 8 + occ * 2 + 1];
                            if (x % 5 != 0) {
                                all.add(mood("p" + p, occ, x));
                            }
                            if (y % 3 != 0) {
                                all.add(mixed("p" + p, occ, 1 + y % 5, 1 + x % 5, y % 4));
                            }
                            if ((x + y) % 4 == 0) {
                                all.add(events("p" + p, occ, x % 2, y % 2));
                            }
                        }
                    }
                    // arrival: by occasion, the instruments and patients of one session shuffled
                    List<Administration> arrivals = new ArrayList<>(all);
                    Collections.shuffle(arrivals, new Random(seed));
                    arrivals.sort(Comparator.comparingInt(Administration::occasion));
                    OutcomeMonitor m = monitor();
                    int k = arrivals.size() * cut / 100;
                    for (int i = 0; i < arrivals.size(); i++) {
                        if (i == k) {
                            OutcomeMonitor restored = monitor();
                            restored.restore(m.snapshot());
                            m = restored;
                        }
                        m.record(arrivals.get(i));
                    }
                    for (int p = 0; p < 3; p++) {
                        String id = "p" + p;
                        List<Administration> mine = all.stream().filter(a -> a.patientId().equals(id)).toList();
                        if (mine.isEmpty()) {
                            continue;
                        }
                        int last = mine.stream().mapToInt(Administration::occasion).max().orElseThrow();
                        NotReportBuilder batch = new NotReportBuilder(INSTRUMENTS, m.rules(), NEEDS).administrations(mine);
                        assertThat(m.report(id)).isEqualTo(batch.build(id, last));
                        int first = mine.stream().mapToInt(Administration::occasion).min().orElseThrow();
                        assertThat(m.report(id, first)).isEqualTo(batch.build(id, first));
                    }
                });
    }

    private static OutcomeMonitor monitor() {
        OutcomeMonitor.Builder b = OutcomeMonitor.builder().instruments(INSTRUMENTS).ruleRegistry(RULES).needs(NEEDS)
                .keepHistory(100);
        SPECS.forEach(b::rule);
        return b.build();
    }
}
