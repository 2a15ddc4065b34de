package org.openrom.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.monitor.StatusTransition;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.score.Administration;
import org.openrom.report.ReportRenderer;

/**
 * Example 1 — EHR embedding: administrations arrive as JSON, one by one; the monitor scores them and
 * advances the rules; when a patient becomes Not On Track, the EHR asks the monitor for the NOT report (JSON to
 * store, HTML to show the therapist). The monitor keeps each patient's scored history (the last 52 sessions)
 * and builds the report from its own state: the EHR does not feed the history back, and nothing is scored twice.
 */
public final class EhrEmbeddingExample {
    /**
     * What the example produced.
     *
     * @param transitions one line per status change
     * @param reports the NOT reports produced, as JSON
     * @param html the last NOT report as HTML (empty when none)
     */
    public record Output(List<String> transitions, List<String> reports, String html) {
    }

    private EhrEmbeddingExample() {
    }

    /**
     * @param incoming administrations as JSON documents, in arrival order
     * @return what the EHR would store and show
     */
    public static Output run(List<String> incoming) {
        InstrumentRegistry instruments = InstrumentRegistry.loadDefault();
        NeedsEngine needs = NeedsEngine.loadDefault(instruments);
        OutcomeMonitor monitor = OutcomeMonitor.builder().instruments(instruments).needs(needs).keepHistory(52)
                .rule("deterioration-or-no-change")
                .rule("persistent:k=2,rule=(deterioration-or-no-change)")
                .build();
        ReportRenderer renderer = new ReportRenderer(needs, "en");
        List<String> transitions = new ArrayList<>();
        List<String> reports = new ArrayList<>();
        String html = "";
        for (String json : incoming) {
            Administration a = RomJson.read(json, Administration.class);
            MonitorUpdate update = monitor.record(a);
            for (StatusTransition t : update.transitions()) {
                transitions.add(t.patientId() + " " + t.rule().id() + " " + t.from().map(Enum::name).orElse("-") + " -> "
                        + t.to() + " at session " + t.occasion());
            }
            if (update.becameNotOnTrack()) {
                NotReport report = monitor.report(a.patientId(), a.occasion());
                reports.add(RomJson.write(report));
                html = renderer.html(report);
            }
        }
        return new Output(transitions, reports, html);
    }

    /**
     * Runs the example on the bundled administrations of one patient and prints what happened.
     *
     * @param args ignored
     * @throws IOException when the bundled resource cannot be read
     */
    public static void main(String[] args) throws IOException {
        Output out = run(bundled());
        out.transitions().forEach(System.out::println);
        System.out.println(out.reports().size() + " NOT report(s); the last as HTML has " + out.html().length() + " characters");
    }

    /** @return the bundled example administrations (JSON, one per line) */
    public static List<String> bundled() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                EhrEmbeddingExample.class.getResourceAsStream("incoming.jsonl"), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null;) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
        }
        return lines;
    }
}
