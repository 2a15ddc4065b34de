package org.openrom.core.needs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackStatus;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Laws of the needs engine over random histories on the test taxonomy. */
class NeedsEngineProperties {
    private static final InstrumentRegistry INSTRUMENTS = TestNeeds.instruments();
    private static final NeedsEngine ENGINE = TestNeeds.engine();
    private static final List<String> FLAGS = List.of("worry", "other", "unrelated");
    private static final List<String> SUBTHEMES = List.of("mood-high", "item-low", "flagged", "stuck", "improving");

    /** A random history: per occasion 0..5, a mood score, a mixed and a checklist administration (each maybe absent). */
    private static Gen<int[]> answers() {
        return Generate.intArrays(Generate.constant(36), Generate.range(0, 30));
    }

    private static List<Administration> history(int[] v) {
        List<Administration> out = new ArrayList<>();
        for (int occ = 0; occ < 6; occ++) {
            int[] x = java.util.Arrays.copyOfRange(v, occ * 6, occ * 6 + 6);
            if (x[0] % 4 != 0) {
                out.add(NeedsEngineTest.mood(occ, x[1]));
            }
            if (x[2] % 3 == 0) {
                out.add(NeedsEngineTest.mixed(occ, 1 + x[3] % 5, 1 + x[4] % 5, x[5] % 4));
            }
            if (x[4] % 2 == 0) {
                out.add(NeedsEngineTest.events(occ, x[5] % 2, x[3] % 2));
            }
        }
        return out;
    }

    private static Set<String> pick(List<String> from, int mask) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < from.size(); i++) {
            if ((mask >> i & 1) == 1) {
                out.add(from.get(i));
            }
        }
        return out;
    }

    private static Set<String> raised(NeedsAssessment a) {
        Set<String> out = new HashSet<>();
        a.needs().forEach(n -> out.add(n.subtheme()));
        return out;
    }

    @Test
    void needsAreSupportedRankedAndServedExactlyByTheTaxonomysInterventions() {
        qt().withExamples(300).forAll(answers(), Generate.range(0, 7), Generate.range(0, 31), Generate.range(0, 5))
                .checkAssert((v, flagMask, confirmMask, occasion) -> {
                    PatientHistory h = PatientHistory.score("p", INSTRUMENTS, history(v));
                    List<ClinicianNeed> confirmed = pick(SUBTHEMES, confirmMask).stream()
                            .map(s -> new ClinicianNeed(s, occasion, "")).toList();
                    NeedsAssessment a = ENGINE.assess(h, occasion, Map.of("core-delta", TrackStatus.NOT_ON_TRACK),
                            pick(FLAGS, flagMask), Map.of(), confirmed);
                    int previousSupport = Integer.MAX_VALUE;
                    for (int i = 0; i < a.needs().size(); i++) {
                        RaisedNeed n = a.needs().get(i);
                        int support = n.evidence().size() + n.confirmations().size();
                        assertThat(support).isPositive().isLessThanOrEqualTo(previousSupport);
                        previousSupport = support;
                        assertThat(n.rank()).isEqualTo(i + 1);
                        assertThat(n.theme()).isEqualTo(ENGINE.taxonomy().subtheme(n.subtheme()).themeId());
                        for (Evidence e : n.evidence()) {
                            assertThat(e.occasion()).isLessThanOrEqualTo(occasion); // later data is never evidence
                        }
                    }
                    Set<String> raised = raised(a);
                    assertThat(raised).hasSameSizeAs(a.needs());
                    confirmed.forEach(c -> assertThat(raised).contains(c.subtheme()));
                    List<String> expected = ENGINE.taxonomy().interventions().stream()
                            .filter(iv -> iv.serves().stream().anyMatch(raised::contains)).map(Intervention::id).toList();
                    assertThat(a.interventions()).extracting(CandidateIntervention::intervention).isEqualTo(expected);
                    for (CandidateIntervention c : a.interventions()) {
                        assertThat(raised).containsAll(c.serves());
                    }
                });
    }

    @Test
    void laterDataAndMoreFlagsNeverChangeWhatIsRaisedBackwardsOrTakeANeedAway() {
        qt().withExamples(300).forAll(answers(), Generate.range(0, 7), Generate.range(0, 7), Generate.range(0, 5))
                .checkAssert((v, flagMask, extraMask, occasion) -> {
                    PatientHistory h = PatientHistory.score("p", INSTRUMENTS, history(v));
                    Map<String, TrackStatus> st = Map.of("core-delta", TrackStatus.NOT_ON_TRACK);
                    Set<String> flags = pick(FLAGS, flagMask);
                    NeedsAssessment full = ENGINE.assess(h, occasion, st, flags, Map.of(), List.of());
                    // the assessment at an occasion depends only on the data up to it
                    assertThat(ENGINE.assess(h.upTo(occasion), occasion, st, flags, Map.of(), List.of())).isEqualTo(full);
                    // conditions have no negation: a flag more can raise needs, never remove one
                    Set<String> more = new HashSet<>(flags);
                    more.addAll(pick(FLAGS, extraMask));
                    assertThat(raised(ENGINE.assess(h, occasion, st, more, Map.of(), List.of()))).containsAll(raised(full));
                });
    }
}
