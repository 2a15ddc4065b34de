package org.openrom.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.cli.io.CsvCells;
import org.openrom.cli.io.WideCsv;
import org.openrom.io.CohortInput;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.json.RomJson;
import org.openrom.core.track.PatientAssessment;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rom track}: runs rules over every patient. */
@Command(name = "track", mixinStandardHelpOptions = true,
        description = "Run track-status rules over a cohort. Output, one record per patient x occasion x rule, sorted "
                + "by patient (natural order), occasion and rule order: JSON Lines (patientId, occasion, rule, status, "
                + "reasons, details), compact JSON Lines (patientId, occasion, rule spec, status, reason codes) or flat "
                + "CSV (patient_id, group_id, occasion, rule, label, status, reasons, explanation, then one column per "
                + "detail).")
final class TrackCommand extends CohortCommand {
    @Option(names = "--rule", required = true, description = "a rule spec, e.g. deterioration-or-no-change:run=3 (repeatable)")
    List<String> rules;

    @Option(names = "--format", defaultValue = "jsonl", description = "output: jsonl, jsonl-compact (no sentences, "
            + "parameters or details: about a quarter of the size), csv, or the format of an installed plugin (fhir: one "
            + "FHIR transaction Bundle per patient, as NDJSON) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--form-map", description = "FHIR input: the EHR's own Questionnaires mapped onto instruments, a JSON "
            + "file (docs/fhir.md), read with the built-in LOINC panels")
    java.nio.file.Path formMap;

    @Option(names = "--reference", description = "a reference cohort for rules fitted from data, [NAME=]FILE (NAME "
            + "defaults to the file's name): percentile-boundary:reference=NAME (repeatable)")
    List<String> references;

    @Option(names = "--alerts", description = "write the safety alerts of critical items (PHQ-9 item 9 and any an "
            + "instrument declares) to this file, JSON Lines; their count is always reported on stderr, even with --quiet")
    Path alerts;

    @picocli.CommandLine.Mixin
    RunOptions run;

    @Option(names = "--direction", converter = Common.DirectionConverter.class, defaultValue = "lower-is-better",
            description = "direction of scales not provided by an installed instrument (score-level files): "
                    + "lower-is-better or higher-is-better (default: ${DEFAULT-VALUE})")
    Direction direction;

    /** The fixed columns of the CSV output; the rules' details follow. */
    static final List<String> CSV_COLUMNS = List.of("patient_id", "group_id", "occasion", "rule", "label", "status",
            "reasons", "explanation");

    @Override
    public Integer call() throws IOException {
        org.openrom.cli.io.OutputPaths paths = org.openrom.cli.io.OutputPaths.check().input("--in", in);
        Common.referenceInputs(paths, references);
        Common.checkPaths(spec, paths.output("--out", out).output("--manifest", run.manifest).output("--alerts", alerts));
        java.util.Map<String, org.openrom.cli.spi.TrackOutput> plugins = outputPlugins();
        List<String> formats = new ArrayList<>(List.of("jsonl", "jsonl-compact", "csv"));
        formats.addAll(plugins.keySet());
        Common.requireOutputFormat(spec, format, formats);
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        CohortInput input = openInput(reg, direction);
        input.formatOptions(formMap == null ? java.util.Map.of() : java.util.Map.of("form-map", formMap.toString()));
        Map<String, Path> referenceFiles = new java.util.LinkedHashMap<>();
        List<TrackRule> rs = Common.rules(rules, reg, input, Common.references(spec, references, reg, direction,
                referenceFiles));
        List<String> labels = org.openrom.rules.research.RuleLabels.of(rs.stream().map(TrackRule::ref).toList());
        int[] evaluated = new int[rs.size()];
        long[] rows = {0};
        try (Run r = Run.start(spec, run); AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut());
                WideCsv csv = format.equals("csv") ? new WideCsv(CSV_COLUMNS) : null;
                AlertsOutput al = AlertsOutput.open(alerts, spec.commandLine().getErr(), "track", input,
                        in.toString())) {
            r.input("--in", in).output("--out", out).output("--alerts", alerts).rules(rs);
            CompactLines compact = format.equals("jsonl-compact") ? new CompactLines() : null;
            referenceFiles.forEach(r::input);
            Writer w = o.writer();
            org.openrom.cli.spi.TrackOutput.Sink plugin = plugins.containsKey(format) ? plugins.get(format).open(w, reg)
                    : null;
            input.forEachPatient(p -> {
                r.tick();
                al.patient(p);
                TreeMap<Integer, List<TrackAssessment>> byOccasion = byOccasion(rs, p, evaluated);
                List<TrackAssessment> all = new ArrayList<>();
                byOccasion.forEach((occ, list) -> {
                    for (int i = 0; i < list.size(); i++) {
                        TrackAssessment a = list.get(i);
                        if (a == null) {
                            continue;
                        }
                        rows[0]++;
                        if (plugin != null) {
                            all.add(a);
                        } else if (compact != null) {
                            ScoreCommand.write(w, compact.line(p.patientId(), a));
                        } else if (csv == null) {
                            ScoreCommand.write(w, RomJson.write(new PatientAssessment(p.patientId(), a)));
                        } else {
                            csv.row(List.of(CsvCells.text(p.patientId()), p.groupId().map(CsvCells::text).orElse(""),
                                    String.valueOf(occ), a.rule().spec(), labels.get(i), a.status().name(),
                                    a.reasons().stream().map(f -> f.code()).collect(Collectors.joining("; ")),
                                    CsvCells.text(a.reasons().stream().map(f -> f.sentence()).collect(Collectors.joining(" ")))),
                                    a.details());
                        }
                    }
                });
                if (plugin != null) {
                    try {
                        plugin.patient(p, all);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            Common.requireEvaluated(r, rs, i -> evaluated[i], in);
            if (csv != null) {
                csv.writeTo(w);
            }
            o.commit();
            al.finish(r);
            r.finish(String.format(java.util.Locale.ROOT, "%,d patients, %d rule%s, %,d assessments", r.patients(),
                    rs.size(), rs.size() == 1 ? "" : "s", rows[0]));
        }
        return 0;
    }

    /** The output formats plugins contribute ({@code TrackOutput}), by name; the first of a name wins. */
    private static java.util.Map<String, org.openrom.cli.spi.TrackOutput> outputPlugins() {
        java.util.Map<String, org.openrom.cli.spi.TrackOutput> plugins = new java.util.TreeMap<>();
        for (org.openrom.cli.spi.TrackOutput t : java.util.ServiceLoader.load(org.openrom.cli.spi.TrackOutput.class)) {
            plugins.putIfAbsent(t.name(), t);
        }
        return plugins;
    }

    /**
     * Every rule's assessments of a patient, by occasion and, within an occasion, in rule order (null where a rule
     * has none); counts each rule that assessed the patient in {@code evaluated}.
     */
    private static TreeMap<Integer, List<TrackAssessment>> byOccasion(List<TrackRule> rs,
            org.openrom.core.history.PatientHistory p, int[] evaluated) {
        TreeMap<Integer, List<TrackAssessment>> byOccasion = new TreeMap<>();
        for (int i = 0; i < rs.size(); i++) {
            List<TrackAssessment> as = Common.evaluate(rs.get(i), p);
            if (!as.isEmpty()) {
                evaluated[i]++;
            }
            for (TrackAssessment a : as) {
                List<TrackAssessment> slot = byOccasion.computeIfAbsent(a.occasion(), k -> new ArrayList<>());
                while (slot.size() < i) {
                    slot.add(null);
                }
                slot.add(a);
            }
        }
        return byOccasion;
    }
}
