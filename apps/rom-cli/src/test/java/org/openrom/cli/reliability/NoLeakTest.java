package org.openrom.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrom.cli.RomCli;
import org.openrom.core.RomException;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.monitor.OutcomeMonitor;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.score.Administration;
import org.openrom.report.ReportRenderer;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.SyntheticCohort;

/**
 * Patient data never leaks: the full pipeline runs with canaries in every patient id, comment and free-text
 * answer while every logger is at TRACE (logback-test.xml: into target/openrom-trace.log); no canary may appear in
 * any log line, and exception messages carry ids at most, never free text.
 */
class NoLeakTest {
    static final String PID = "CANARYPID";
    static final String COMMENT = "CANARY comment: I told nobody";
    static final String TEXT = "CANARY problem in my own words";

    @TempDir
    Path tmp;

    @Test
    void canariesNeverReachTheLogs() throws IOException {
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        List<Administration> all = new ArrayList<>();
        for (Administration a : SyntheticCohort.generate(CohortModel.study(2, 3)).administrations()) {
            Administration.Builder b = Administration.builder(PID + a.patientId(), a.instrumentId(), a.occasion())
                    .groupId(a.groupId().orElse("g")).comment(COMMENT);
            a.answers().forEach(b::answer);
            if (a.instrumentId().equals("psychlops")) {
                b.text("q1a", TEXT).text("q3a", TEXT);
            }
            all.add(b.build());
        }
        OutcomeMonitor monitor = OutcomeMonitor.builder().rule("deterioration-or-no-change")
                .rule("persistent:k=2,rule=(deterioration-or-no-change)").rule("talking-therapies").build();
        NeedsEngine needs = NeedsEngine.loadDefault(reg);
        ReportRenderer renderer = new ReportRenderer(needs, "da");
        for (Administration a : all) {
            if (monitor.record(a).becameNotOnTrack()) {
                NotReport r = new NotReportBuilder(reg, monitor.rules(), needs).administrations(all).build(a.patientId(), a.occasion());
                assertThat(renderer.html(r)).contains(COMMENT.substring(0, 6));
                RomJson.read(RomJson.write(r), NotReport.class);
            }
        }
        monitor.restore(monitor.snapshot());
        // rejected inputs: their exception messages may name ids, never the free text
        List<Throwable> failures = new ArrayList<>();
        Administration firstOdsis = all.stream().filter(a -> a.instrumentId().equals("odsis")).findFirst().orElseThrow();
        failures.add(catchThrowable(() -> monitor.record(firstOdsis)));
        failures.add(catchThrowable(() -> monitor.record(Administration.builder(PID + "x", "psychlops", 0).answer("q1b", 9)
                .text("q4", TEXT).comment(COMMENT).build())));
        failures.add(catchThrowable(() -> RomJson.read("{\"patientId\":\"" + PID + "\",\"instrumentId\":\"odsis\",\"occasion\":0,"
                + "\"answers\":{\"q1\":\"" + TEXT + "\"},\"comment\":\"" + COMMENT + "\"}", Administration.class)));
        for (Throwable t : failures) {
            assertThat(t).isInstanceOf(RomException.class);
            assertThat(t.getMessage()).doesNotContain(TEXT, COMMENT);
        }
        // and through the command line
        Path jsonl = tmp.resolve("in.jsonl");
        List<String> lines = new ArrayList<>();
        for (Administration a : all) {
            if (a.instrumentId().equals("odsis")) {
                lines.add(RomJson.toTree(Map.of("patient_id", a.patientId(), "occasion", a.occasion(), "instrument", "odsis",
                        "answers", a.answers(), "comment", COMMENT)).toString());
            }
        }
        lines.add("{\"patientId\":\"" + PID + "z\",\"occasion\":0,\"instrumentId\":\"odsis\",\"answers\":{\"q1\":\"" + TEXT + "\"}}");
        Files.write(jsonl, lines, StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        int code = RomCli.run(new String[] {"track", "--in", jsonl.toString(), "--rule", "deterioration-or-no-change"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).doesNotContain(TEXT, COMMENT);

        Path log = Paths.get("target", "openrom-trace.log");
        assertThat(log).exists();
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(logged).contains("TRACE").contains("Recording an administration of odsis");
        assertThat(logged).doesNotContain("CANARY");
    }
}
