package org.openrom.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.cli.io.CsvCells;
import org.openrom.io.MeasureInput;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasurePatient;
import org.openrom.measures.MeasureResult;
import org.openrom.measures.MeasureSummary;
import org.openrom.measures.MeasurementPeriod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rom measure}: quality measures (CMS159, DEP-REM-6, response) over a cohort, per population and per patient. */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Quality measures of depression care over a measurement period: CMS159 (remission at twelve "
                + "months), DEP-REM-6 (remission at six months) and response at six and twelve months. The populations "
                + "(initial, denominator, exclusions, numerator), the rate with its Wilson 95%% interval, strata by age "
                + "at the index assessment, and with --patients every patient's result with its evidence and reason.")
final class MeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, description = "the patients' facts: tidy CSV with columns patient_id, date "
            + "(required), birth_date, score, tool, visit, depression, bipolar, personality_disorder, psychotic_disorder, "
            + "pervasive_developmental_disorder, hospice, palliative, died (docs/measures.md)")
    Path in;

    @picocli.CommandLine.Mixin
    org.openrom.cli.spi.MeasureOptions measure;

    @Option(names = "--format", defaultValue = "md", description = "md, json or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", description = "output file, or - for stdout (default: stdout)")
    Path out;

    @Option(names = "--patients", description = "also write every patient's result: populations, index and closing "
            + "assessments, age, stratum, exclusions, evidence, data issues and the reason in one line; CSV, or JSON Lines "
            + "when the file ends in .jsonl")
    Path patients;

    @picocli.CommandLine.Mixin
    RunOptions run;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out)
                .output("--patients", patients).output("--manifest", run.manifest));
        Common.requireOutputFormat(spec, format, List.of("md", "json", "csv"));
        MeasurementPeriod mp = measure.period();
        List<EpisodeMeasure> ms = measure.measures();
        List<MeasureSummary> summaries = ms.stream().map(m -> new MeasureSummary(m, mp)).toList();
        try (Run r = Run.start(spec, run); AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut());
                AtomicOutput po = patients == null ? null : AtomicOutput.open(patients)) {
            r.input("--in", in).output("--out", out).output("--patients", patients).parameter("period", mp.toString())
                    .parameter("measures", String.join(",", ms.stream().map(EpisodeMeasure::id).toList()));
            boolean jsonl = patients != null && patients.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
            CsvWriter pw = po == null || jsonl ? null : CsvWriter.builder().lineDelimiter(LineDelimiter.LF)
                    .build(po.writer());
            if (pw != null) {
                pw.writeRecord("measure", "patient_id", "initial_population", "denominator", "denominator_exclusion",
                        "numerator", "index_date", "index_score", "closing_date", "closing_score", "age_at_index",
                        "stratum", "exclusions", "evidence", "issues", "reason");
            }
            MeasureInput.open(in).forEachPatient(p -> {
                r.tick();
                for (int i = 0; i < ms.size(); i++) {
                    MeasureResult res = ms.get(i).evaluate(p, mp);
                    summaries.get(i).add(res);
                    if (pw != null) {
                        patientRow(pw, ms.get(i), res);
                    } else if (po != null) {
                        ScoreCommand.write(po.writer(), patientJson(ms.get(i), res));
                    }
                }
            });
            if (pw != null) {
                pw.flush();
            }
            o.writer().write(render(summaries));
            o.commit();
            if (po != null) {
                po.commit();
            }
            long issues = summaries.get(0).issues();
            if (issues > 0) {
                r.warn(String.format(Locale.ROOT, "%,d data issue%s (scores outside 0..27, used as the published logic "
                        + "uses them)%s", issues, issues == 1 ? "" : "s", patients == null ? ": list them with --patients "
                        + "FILE" : " in " + patients));
            }
            MeasureSummary.Counts c = summaries.get(0).total();
            r.finish(String.format(Locale.ROOT, "%,d patient%s, %,d in the denominator of %s", c.patients(),
                    c.patients() == 1 ? "" : "s", c.denominator(), ms.get(0).id()));
        }
        return 0;
    }

    private static void patientRow(CsvWriter w, EpisodeMeasure m, MeasureResult res) {
        MeasurePatient.Assessment ix = res.index().orElse(null);
        MeasurePatient.Assessment cl = res.closing().orElse(null);
        w.writeRecord(m.id(), CsvCells.text(res.patientId()), flag(res.initialPopulation()), flag(res.denominator()),
                flag(res.denominatorExclusion()), flag(res.numerator()), ix == null ? "" : ix.date().toString(),
                ix == null ? "" : num(ix.score()), cl == null ? "" : cl.date().toString(), cl == null ? ""
                : num(cl.score()), res.ageAtIndex().isPresent() ? String.valueOf(res.ageAtIndex().getAsInt()) : "",
                res.stratum().orElse(""), String.join(";", res.exclusions()), CsvCells.text(String.join(";",
                        res.evidence())), String.join("; ", res.issues()), res.reason());
    }

    private static String patientJson(EpisodeMeasure m, MeasureResult res) {
        ObjectNode o = Common.NODES.objectNode().put("measure", m.id()).put("patientId", res.patientId())
                .put("initialPopulation", res.initialPopulation()).put("denominator", res.denominator())
                .put("denominatorExclusion", res.denominatorExclusion()).put("numerator", res.numerator());
        res.index().ifPresent(a -> o.set("index", assessment(a)));
        res.closing().ifPresent(a -> o.set("closing", assessment(a)));
        res.ageAtIndex().ifPresent(a -> o.put("ageAtIndex", a));
        res.stratum().ifPresent(s -> o.put("stratum", s));
        res.exclusions().forEach(o.putArray("exclusions")::add);
        res.evidence().forEach(o.putArray("evidence")::add);
        res.issues().forEach(o.putArray("issues")::add);
        return o.put("reason", res.reason()).toString();
    }

    private static ObjectNode assessment(MeasurePatient.Assessment a) {
        return Common.NODES.objectNode().put("id", a.id()).put("at", a.at().toString()).put("score", a.score())
                .put("tool", a.tool().name().toLowerCase(Locale.ROOT));
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private String render(List<MeasureSummary> summaries) {
        if (format.equals("md")) {
            StringBuilder b = new StringBuilder();
            summaries.forEach(s -> b.append(s.markdown()).append('\n'));
            return b.toString().stripTrailing() + "\n";
        }
        if (format.equals("csv")) {
            StringBuilder b = new StringBuilder(MeasureSummary.CSV_HEADER).append('\n');
            summaries.forEach(s -> b.append(s.csv()));
            return b.toString();
        }
        ObjectNode root = Common.NODES.objectNode();
        var arr = root.putArray("measures");
        for (MeasureSummary s : summaries) {
            ObjectNode m = arr.addObject();
            m.put("id", s.measure().id()).put("title", s.measure().title()).put("source", s.measure().source())
                    .put("comparisons", s.measure().comparisons().name().toLowerCase(Locale.ROOT));
            m.putObject("period").put("start", s.period().start().toString()).put("end", s.period().end().toString());
            m.putObject("identificationPeriod").put("start", s.measure().identificationStart(s.period()).toString())
                    .put("end", s.measure().identificationEnd(s.period()).minusDays(1).toString());
            m.set("total", counts(s.total()));
            ObjectNode strata = m.putObject("strata");
            s.strata().forEach((k, c) -> strata.set(k, counts(c)));
            m.put("dataIssues", s.issues());
        }
        return root.toPrettyString() + "\n";
    }

    private static ObjectNode counts(MeasureSummary.Counts c) {
        ObjectNode o = Common.NODES.objectNode().put("patients", c.patients()).put("initialPopulation",
                c.initialPopulation()).put("denominator", c.denominator()).put("denominatorExclusions", c.exclusions())
                .put("numerator", c.numerator());
        MeasureSummary.Rate r = c.rate();
        if (!Double.isNaN(r.estimate())) {
            o.putObject("rate").put("estimate", r.estimate()).put("low", r.low()).put("high", r.high());
        }
        return o;
    }
}
