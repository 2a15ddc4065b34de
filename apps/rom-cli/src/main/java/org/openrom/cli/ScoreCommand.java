package org.openrom.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.util.List;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.cli.io.CsvCells;
import org.openrom.io.CohortInput;
import org.openrom.core.DataFormatException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.json.RomJson;
import org.openrom.core.score.Score;
import org.openrom.core.score.Scores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rom score}: one JSON line per administration with every scale's score. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score every administration. Output: JSON Lines, one per administration (the library's JSON "
                + "of Scores: patientId, instrumentId, occasion, date, scores, and alerts when a critical item raised any), "
                + "or flat CSV, one row per administration x "
                + "scale: patient_id, occasion, date, instrument, scale, score (empty when not scored), missing_reason, "
                + "items_answered, items_total, prorated.")
final class ScoreCommand extends CohortCommand {
    @Option(names = "--format", defaultValue = "jsonl", description = "output: jsonl or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--form-map", description = "FHIR input: the EHR's own Questionnaires mapped onto instruments, a JSON "
            + "file (docs/fhir.md), read with the built-in LOINC panels")
    java.nio.file.Path formMap;

    @Option(names = "--alerts", description = "write the safety alerts of critical items (PHQ-9 item 9 and any an "
            + "instrument declares) to this file, JSON Lines; their count is always reported on stderr, even with --quiet")
    Path alerts;

    @picocli.CommandLine.Mixin
    RunOptions run;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out)
                .output("--manifest", run.manifest).output("--alerts", alerts));
        Common.requireOutputFormat(spec, format, List.of("jsonl", "csv"));
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        CohortInput input = openInput(reg, Direction.LOWER_IS_BETTER);
        input.formatOptions(formMap == null ? java.util.Map.of() : java.util.Map.of("form-map", formMap.toString()));
        if (input.format() == CohortInput.Format.SCORES) {
            throw new DataFormatException(in.toString(), 1, 0, "rom score needs item-level data (tidy CSV or JSON Lines), "
                    + "not already scored data", null);
        }
        long[] n = {0};
        try (Run r = Run.start(spec, run); AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut());
                AlertsOutput al = AlertsOutput.open(alerts, spec.commandLine().getErr(), "score", input,
                        in.toString())) {
            r.input("--in", in).output("--out", out).output("--alerts", alerts);
            Writer w = o.writer();
            CsvWriter csv = format.equals("csv") ? CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w) : null;
            if (csv != null) {
                csv.writeRecord("patient_id", "occasion", "date", "instrument", "scale", "score", "missing_reason",
                        "items_answered", "items_total", "prorated");
            }
            input.forEachPatient(p -> {
                r.tick();
                if (p.scores().isEmpty() && !p.scales().isEmpty()) {
                    // a plugin file (FHIR score Observations) says what it holds only when read
                    throw new DataFormatException(in.toString(), 0, 0, "rom score needs item-level data, and the file "
                            + "holds scores, not answers", null);
                }
                al.patient(p);
                for (Scores s : p.scores()) { // scored once, when the history was read
                    n[0]++;
                    if (csv == null) {
                        write(w, RomJson.write(s)); // the library's JSON format, the same as RomJson.write(scores)
                        continue;
                    }
                    for (Score sc : s.scores()) {
                        csv.writeRecord(CsvCells.text(s.patientId()), String.valueOf(s.occasion()),
                                s.date().map(Object::toString).orElse(""), s.instrumentId(), sc.scale(),
                                sc.value().isPresent() ? num(sc.value().getAsDouble()) : "", sc.missingReason().orElse(""),
                                String.valueOf(sc.itemsAnswered()), String.valueOf(sc.itemsTotal()),
                                String.valueOf(sc.prorated()));
                    }
                }
            });
            if (csv != null) {
                csv.flush();
            }
            o.commit();
            al.finish(r);
            r.finish(String.format(java.util.Locale.ROOT, "%,d patients, %,d administrations", r.patients(), n[0]));
        }
        return 0;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    static void write(Writer w, String line) {
        try {
            w.write(line);
            w.write('\n');
        } catch (IOException e) {
            throw new org.openrom.cli.io.OutputException("the output", e);
        }
    }

}
