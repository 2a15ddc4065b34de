package org.openrom.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.needs.ClinicianNeed;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.score.Administration;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.TrackRule;

/** A fixed example patient used by the golden-file and escaping tests. */
final class Example {
    static final InstrumentRegistry INSTRUMENTS = InstrumentRegistry.loadDefault();
    static final RuleRegistry RULES = RuleRegistry.loadDefault();
    static final NeedsEngine NEEDS = NeedsEngine.loadDefault(INSTRUMENTS);

    private Example() {
    }

    static List<TrackRule> rules() {
        RuleEnvironment env = RuleEnvironment.of(INSTRUMENTS);
        return List.of(RULES.create("deterioration-or-no-change", env),
                RULES.create("persistent:k=2,rule=(deterioration-or-no-change)", env));
    }

    static Administration odsis(String patient, int occasion, int... answers) {
        return Administration.builder(patient, "odsis", occasion).groupId("g1").answers("q", answers).build();
    }

    /** @return the administrations of patient p-001 over six sessions, with the given comment at session 3 */
    static List<Administration> history(String comment) {
        List<Administration> a = new ArrayList<>();
        int[][] odsis = {{3, 3, 2, 2, 2}, {3, 3, 2, 2, 2}, {3, 3, 3, 2, 2}, {3, 3, 3, 3, 3}, {3, 3, 3, 3, 2}, {4, 3, 3, 3, 3}};
        for (int s = 0; s < odsis.length; s++) {
            Administration o = odsis("p-001", s, odsis[s]);
            a.add(s == 3 ? o.toBuilder().comment(comment).build() : o);
            a.add(Administration.builder("p-001", "homework", s).groupId("g1").answer("q1", s < 3 ? 3 : 1).build());
            a.add(Administration.builder("p-001", "gq12", s).groupId("g1").answers("pb", 3, 4, 3, 3).answers("pw", 4, 4, 5, 4)
                    .answers("nr", 2, 2, 3, 2).build());
            a.add(Administration.builder("p-001", "life-events", s).groupId("g1").answer("finances", s == 4 ? 1 : 0)
                    .answer("job", 0).answer("family", 0).answer("housing", 0).answer("relationship", 0)
                    .answer("life-situation", 0).build());
        }
        a.add(Administration.builder("p-001", "psychlops", 5).groupId("g1").answer("q1b", 5).answer("q4", 4)
                .text("q1a", "the problem in my words").build());
        return a;
    }

    static NotReport report(String comment) {
        return new NotReportBuilder(INSTRUMENTS, rules(), NEEDS).administrations(history(comment))
                .flags(Set.of("comorbidity"))
                .commentTags(Map.of(3, List.of("sensitive-subjects")))
                .confirmed(List.of(new ClinicianNeed("involvement-of-relatives", 5, "Wants the partner to join one session")))
                .build("p-001", 5);
    }
}
