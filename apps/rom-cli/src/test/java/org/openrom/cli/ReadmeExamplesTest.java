package org.openrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.json.RomJson;
import org.openrom.core.monitor.MonitorUpdate;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.score.Administration;
import org.openrom.core.score.Scores;
import org.openrom.io.MeasureInput;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasureSummary;
import org.openrom.measures.MeasurementPeriod;
import org.openrom.report.ReportRenderer;

/**
 * The code examples of README.md, compiled and run so that they cannot rot: each block between
 * {@code // --- README: name ---} and {@code // --- end ---} below must appear in README.md as written (its
 * {@code import} lines must be imports of this file), which {@link #theReadmeShowsExactlyTheseSnippets} checks.
 */
class ReadmeExamplesTest {
    private static String capture(Runnable r) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scoreAnAdministration() {
        // --- README: Score an administration ---
        InstrumentRegistry instruments = InstrumentRegistry.loadDefault();      // built-ins + plugins on the class path
        Administration a = RomJson.read("""
            {"patientId": "p-17", "instrumentId": "odsis", "occasion": 3,
             "answers": {"q1": 2, "q2": 3, "q3": 1, "q4": 2, "q5": 2}}""", Administration.class);
        Scores scores = instruments.get(a.instrumentId()).score(a);             // validates, never clamps
        Scale odsis = instruments.scale("odsis.total");
        double total = scores.get("odsis.total").orElseThrow().value().orElseThrow();   // 10.0
        double shown = odsis.displayValue(total);                               // 10.0: ODSIS is shown as 20 − total
        boolean clinical = odsis.isCase(total);                                 // true: at or above the cut-off 8
        String json = RomJson.write(scores);                                    // lossless JSON out
        // --- end ---
        assertThat(total).isEqualTo(10.0);
        assertThat(shown).isEqualTo(10.0);
        assertThat(clinical).isTrue();
        assertThat(RomJson.read(json, Scores.class)).isEqualTo(scores);
    }

    @Test
    void flagAPatient() {
        List<String> states = new ArrayList<>();
        String printed = capture(() -> {
        // --- README: Flag a patient ---
        OutcomeMonitor monitor = OutcomeMonitor.builder()
                .rule("deterioration-or-no-change")                         // the study's NOT rule on ODSIS
                .rule("persistent:k=2,rule=(deterioration-or-no-change)")   // persistently NOT
                .build();                                                    // instruments and rules: discovered
        int[][] weeks = {{3, 3, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 2, 3}};   // ODSIS totals 12, 13, 15
        for (int week = 0; week < weeks.length; week++) {
            MonitorUpdate u = monitor.record(Administration.builder("p-17", "odsis", week).answers("q", weeks[week]).build());
            if (u.becameNotOnTrack()) {
                System.out.println(u.assessments().get(0).reasons().get(0).sentence());
                // ODSIS 15 is 3 points worse than baseline 12 at session 2
            }
        }
        String state = monitor.snapshot();                                   // persist; monitor.restore(state) later
        // --- end ---
        states.add(state);
        });
        assertThat(printed.lines()).containsExactly("ODSIS 15 is 3 points worse than baseline 12 at session 2");
        assertThat(states.get(0)).contains("p-17");
    }

    @Test
    void reportFromTheMonitor() {
        // --- README: The NOT report ---
        OutcomeMonitor monitor = OutcomeMonitor.builder()
                .rule("deterioration-or-no-change")
                .keepHistory(52)                                             // each patient's last 52 sessions
                .build();
        int[][] weeks = {{3, 3, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 2, 3}};
        for (int week = 0; week < weeks.length; week++) {
            monitor.record(Administration.builder("p-17", "odsis", week).answers("q", weeks[week]).build());
        }
        NotReport report = monitor.report("p-17");                           // from the monitor's own state
        NeedsEngine needs = NeedsEngine.loadDefault(monitor.instruments());
        String html = new ReportRenderer(needs, "en").html(report);          // or "da"; .markdown(report); RomJson.write(report)
        // --- end ---
        assertThat(report.status().name()).isEqualTo("NOT_ON_TRACK");
        assertThat(html).contains("ODSIS 15 is 3 points worse than baseline 12 at session 2");
    }

    @Test
    void qualityMeasures() throws IOException {
        String out = capture(() -> {
            try {
                measures();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(out).contains("| denominator | 2 |", "| numerator | 1 |", "Performance rate: 50.0%");
    }

    private static void measures() throws IOException {
        // --- README: Quality measures ---
        Path episodes = Files.writeString(Files.createTempFile("episodes", ".csv"), """
            patient_id,birth_date,date,score,visit,depression
            p1,1980-01-01,2024-03-01,15,1,1
            p1,,2025-03-01,3,,
            p2,1975-06-01,2024-04-02,18,1,1
            p2,,2025-04-01,9,,
            """);                                                            // one row per patient and day
        MeasurementPeriod year = MeasurementPeriod.parse("2025-01-01..2025-12-31");
        MeasureSummary cms159 = new MeasureSummary(EpisodeMeasure.CMS159, year);
        MeasureInput.open(episodes).forEachPatient(p -> cms159.add(EpisodeMeasure.CMS159.evaluate(p, year)));
        System.out.println(cms159.markdown());                               // populations, rate (Wilson), age strata
        // --- end ---
        Files.delete(episodes);
    }

    @Test
    void theReadmeShowsExactlyTheseSnippets() throws IOException {
        String source = Files.readString(Path.of("src/test/java/org/openrom/cli/ReadmeExamplesTest.java"));
        String readme = Files.readString(Path.of("../../README.md"));
        Matcher m = Pattern.compile("// --- README: ([^\\n]+?) ---\\n(.*?)\\n\\s*// --- end ---", Pattern.DOTALL).matcher(source);
        int found = 0;
        while (m.find()) {
            found++;
            String body = dedent(m.group(2));
            String heading = "## Embedding: " + m.group(1).substring(0, 1).toLowerCase(java.util.Locale.ROOT) + m.group(1).substring(1);
            int at = readme.indexOf(heading);
            assertThat(at).as("README heading for " + m.group(1)).isGreaterThanOrEqualTo(0);
            int start = readme.indexOf("```java\n", at) + 8;
            String block = readme.substring(start, readme.indexOf("```", start));
            StringBuilder code = new StringBuilder();
            for (String line : block.lines().toList()) {
                if (line.startsWith("import ")) {
                    assertThat(source).as("README imports for " + m.group(1)).contains(line);
                } else if (!line.isBlank() || code.length() > 0) {
                    code.append(line).append('\n');
                }
            }
            assertThat(code.toString().strip()).as("README snippet " + m.group(1)).isEqualTo(body.strip());
        }
        assertThat(found).isEqualTo(4);
    }

    private static String dedent(String block) {
        List<String> lines = block.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n');
        }
        return out.toString();
    }
}
