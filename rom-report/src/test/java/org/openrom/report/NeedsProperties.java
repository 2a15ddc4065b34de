package org.openrom.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openrom.core.needs.CandidateIntervention;
import org.openrom.core.needs.ClinicianNeed;
import org.openrom.core.needs.NeedsAssessment;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.needs.RaisedNeed;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.core.track.TrackStatus;
import org.quicktheories.generators.Generate;

/** Laws of the needs engine over random patient data. */
class NeedsProperties {
    private static final List<String> SUBTHEMES = List.of("what-is-at-stake", "life-story", "homework", "comorbidity",
            "social-services");

    @Test
    void everyNeedHasAReasonAndEveryInterventionServesARaisedNeed() {
        qt().withExamples(200)
                .forAll(Generate.intArrays(Generate.constant(16), Generate.range(0, 6)), Generate.range(0, 31),
                        Generate.booleans())
                .checkAssert((v, confirmMask, persistentNot) -> {
                    List<Administration> a = new ArrayList<>();
                    a.add(Administration.builder("p", "gq12", 1).answers("pb", 1 + v[0], 1 + v[1], 1 + v[2], 1 + v[3])
                            .answers("pw", 1 + v[4], 1 + v[5], 1 + v[6], 1 + v[7]).answers("nr", 1 + v[8], 1 + v[9], 1 + v[10], 1 + v[11])
                            .build());
                    a.add(Administration.builder("p", "homework", 1).answer("q1", v[12] % 5).build());
                    a.add(Administration.builder("p", "life-events", 1).answer("finances", v[13] % 2).answer("job", 0)
                            .answer("family", v[14] % 2).answer("housing", 0).answer("relationship", 0)
                            .answer("life-situation", v[15] % 2).build());
                    List<ClinicianNeed> confirmed = new ArrayList<>();
                    for (int i = 0; i < SUBTHEMES.size(); i++) {
                        if ((confirmMask >> i & 1) == 1) {
                            confirmed.add(new ClinicianNeed(SUBTHEMES.get(i), 1, ""));
                        }
                    }
                    NeedsAssessment na = Example.NEEDS.assess(PatientHistory.score("p", Example.INSTRUMENTS, a), 1,
                            Map.of("persistent", persistentNot ? TrackStatus.NOT_ON_TRACK : TrackStatus.ON_TRACK),
                            Set.of(), Map.of(), confirmed);
                    Set<String> raised = new HashSet<>();
                    for (int i = 0; i < na.needs().size(); i++) {
                        RaisedNeed n = na.needs().get(i);
                        assertThat(n.evidence().size() + n.confirmations().size()).isPositive();
                        assertThat(n.rank()).isEqualTo(i + 1);
                        assertThat(raised.add(n.subtheme())).isTrue();
                    }
                    for (ClinicianNeed c : confirmed) {
                        assertThat(raised).contains(c.subtheme());
                    }
                    for (CandidateIntervention c : na.interventions()) {
                        assertThat(c.serves()).isNotEmpty();
                        assertThat(raised).containsAll(c.serves());
                    }
                });
    }
}
