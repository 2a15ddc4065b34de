package org.openrom.examples;

import java.util.ArrayList;
import java.util.List;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.score.Administration;
import org.openrom.core.track.TrackAssessment;

/**
 * Example 3 — a custom rule plugin: {@code rom-example-plugin} provides the rule {@code slope} (NOT when the
 * least-squares slope of the last k scores worsens faster than {@code max} points per session) through the
 * {@code TrackRuleProvider} SPI; the monitor uses it by name in a rule spec, next to a built-in rule.
 */
public final class CustomRuleExample {
    private CustomRuleExample() {
    }

    /** @return one line per assessment of the slope rule */
    public static List<String> run() {
        OutcomeMonitor monitor = OutcomeMonitor.builder()
                .rule("slope:k=4,max=0.5")
                .rule("deterioration-or-no-change")
                .build();
        int[][] weeks = {{2, 2, 2, 2, 2}, {2, 2, 2, 2, 1}, {2, 2, 2, 2, 2}, {3, 2, 2, 2, 2}, {3, 3, 2, 2, 2}, {3, 3, 3, 2, 2}};
        List<String> out = new ArrayList<>();
        for (int w = 0; w < weeks.length; w++) {
            MonitorUpdate u = monitor.record(Administration.builder("p-5", "odsis", w).answers("q", weeks[w]).build());
            TrackAssessment slope = u.assessments().get(0);
            out.add("session " + w + ": " + slope.status() + " — " + slope.reasons().get(0).sentence());
        }
        return out;
    }

    /** @param args ignored */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
