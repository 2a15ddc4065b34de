package org.openrom.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.io.CohortInput;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.history.RuleTrack;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.report.NotReport;
import org.openrom.core.report.NotReportBuilder;
import org.openrom.core.track.TrackRule;
import org.openrom.report.ReportRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rom report}: the NOT report of one patient at its last occasion. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the NOT report (HTML, Markdown, JSON) of one patient at the patient's last occasion.")
final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, description = "item-level CSV or JSON Lines")
    Path in;

    @Option(names = "--patient", required = true, description = "the patient id")
    String patient;

    @Option(names = "--rule", required = true, description = "a rule spec (repeatable)")
    List<String> rules;

    @Option(names = "--out", required = true, description = "the directory to write <patient>.html, .md and .json to")
    Path out;

    @Option(names = "--lang", defaultValue = "en", description = "language of the pages: en or da (default: ${DEFAULT-VALUE})")
    String lang;

    @Option(names = "--format", description = "tidy or jsonl (default: detected)")
    String format;

    @Override
    public Integer call() throws IOException {
        Common.requireLanguage(spec, lang);
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        List<TrackRule> rs = Common.rules(rules, reg, java.util.Map.of());
        CohortInput input = CohortInput.open(in, format, reg, Direction.LOWER_IS_BETTER, spec.commandLine().getErr());
        List<PatientHistory> found = new ArrayList<>();
        long[] patients = {0};
        String wanted = org.openrom.core.score.Administration.normalizeId(patient);
        input.forEachPatient(p -> {
            patients[0]++;
            if (p.patientId().equals(wanted)) {
                found.add(p);
            }
        });
        if (found.isEmpty() || found.get(0).administrations().isEmpty()) {
            // other patients' ids are not listed: an error message is no place for a patient list
            throw new DataFormatException(in.getFileName().toString(), 0, 0, "patient "
                    + org.openrom.core.SafeText.show(wanted) + " is not in " + in.getFileName() + " (" + patients[0]
                    + " patients with item-level data)", null);
        }
        PatientHistory p = found.get(0);
        NeedsEngine needs = NeedsEngine.loadDefault(reg);
        // the history holds the scores already; the rules are evaluated once over it
        NotReport report = new NotReportBuilder(reg, rs, needs).build(p, RuleTrack.evaluate(rs, p), p.lastOccasion());
        write(out, report, new ReportRenderer(needs, lang));
        return 0;
    }

    /**
     * Writes {@code <name>.html}, {@code .md} and {@code .json} into a directory: all three are written to
     * temporary files first and moved into place only when all three are complete.
     */
    static String write(Path dir, NotReport report, ReportRenderer renderer) throws IOException {
        String base = fileName(report.patientId());
        String html = renderer.html(report);
        String markdown = renderer.markdown(report);
        String json = RomJson.write(report) + "\n";
        try (AtomicOutput h = AtomicOutput.open(dir.resolve(base + ".html"));
                AtomicOutput m = AtomicOutput.open(dir.resolve(base + ".md"));
                AtomicOutput j = AtomicOutput.open(dir.resolve(base + ".json"))) {
            h.writer().write(html);
            m.writer().write(markdown);
            j.writer().write(json);
            h.writer().flush();
            m.writer().flush();
            j.writer().flush();
            h.commit();
            m.commit();
            j.commit();
        }
        return base;
    }

    /** @return an injective, path-safe file name for a patient id ({@link org.openrom.cli.io.FileNames}) */
    static String fileName(String id) {
        return org.openrom.cli.io.FileNames.of(id);
    }
}
