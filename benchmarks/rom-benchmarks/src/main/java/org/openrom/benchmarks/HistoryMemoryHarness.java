package org.openrom.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.score.Administration;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.SyntheticCohort;

/**
 * The heap an {@link OutcomeMonitor} needs per patient to keep histories ({@code keepHistory}), over one that keeps
 * only rule states, on the synthetic group-CBT cohort (ODSIS, GQ-12, PSYCHLOPS, homework and life events every
 * session, 14 sessions, drop-outs). A harness: one fill is one measurement.
 *
 * <pre>java -Xmx4g -cp rom-benchmarks/target/benchmarks.jar org.openrom.benchmarks.HistoryMemoryHarness 1000</pre>
 */
public final class HistoryMemoryHarness {
    private HistoryMemoryHarness() {
    }

    /**
     * @param args groups of 8 patients (default 1,000)
     */
    public static void main(String[] args) {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        SyntheticCohort cohort = SyntheticCohort.generate(CohortModel.study(groups, 11));
        List<Administration> timeline = new ArrayList<>(cohort.administrations());
        timeline.sort(Comparator.comparingInt(Administration::occasion));
        int patients = groups * 8;
        long base = used();
        OutcomeMonitor plain = fill(0, timeline);
        long withoutHistory = used() - base;
        plain.patientCount();
        plain = null;
        base = used();
        OutcomeMonitor kept = fill(52, timeline);
        long withHistory = used() - base;
        System.out.printf(Locale.ROOT, "%,d patients, %,d administrations (%.1f per patient)%n", kept.patientCount(),
                timeline.size(), (double) timeline.size() / patients);
        // the difference of two fills measured alike is robust; each fill alone also counts collector noise
        double history = (double) (withHistory - withoutHistory);
        System.out.printf(Locale.ROOT, "keepHistory(52) adds %.0f bytes per patient (%.0f per administration kept, its "
                + "answers, scores and three rules' assessments included)%n", history / patients, history / timeline.size());
    }

    private static OutcomeMonitor fill(int keep, List<Administration> timeline) {
        OutcomeMonitor.Builder b = OutcomeMonitor.builder().rule("deterioration-or-no-change")
                .rule("persistent:k=2,rule=(deterioration-or-no-change)").rule("reliable-change:sd-pre=4.2");
        if (keep > 0) {
            b.keepHistory(keep);
        }
        OutcomeMonitor m = b.build();
        for (Administration a : timeline) {
            m.record(a.toBuilder().build()); // a copy the monitor owns, as when an EHR hands over parsed JSON
        }
        return m;
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
