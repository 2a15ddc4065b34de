package org.openrom.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openrom.cli.io.AtomicOutput;
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
        description = "Run track-status rules over a cohort. Output: JSON Lines, one per patient x occasion x rule, "
                + "sorted by patient (natural order), occasion and rule order: patient_id, occasion, rule (canonical "
                + "spec), status, reasons, details.")
final class TrackCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, description = "item-level CSV, score-level CSV or JSON Lines")
    Path in;

    @Option(names = "--rule", required = true, description = "a rule spec, e.g. deterioration-or-no-change:run=3 (repeatable)")
    List<String> rules;

    @Option(names = "--out", description = "output file, or - for stdout (default: stdout). A file is written "
            + "atomically and owner-only; on stdout a failure may leave partial output")
    Path out;

    @Option(names = "--sorted", description = "the input is sorted by patient: stream it (one patient in memory, no sort runs on disk, "
            + "about twice as fast on large files); a patient out of order is an error")
    boolean sorted;

    @Option(names = "--format", description = "tidy, scores or jsonl (default: detected)")
    String format;

    @Option(names = "--direction", converter = Common.DirectionConverter.class, defaultValue = "lower-is-better",
            description = "direction of scales not provided by an installed instrument (score-level files): "
                    + "lower-is-better or higher-is-better (default: ${DEFAULT-VALUE})")
    Direction direction;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out));
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        CohortInput input = CohortInput.open(in, format, reg, direction, spec.commandLine().getErr());
        if (sorted) {
            input.sortedByPatient();
        }
        Map<String, Scale> external = Common.externalScales(input);
        List<TrackRule> rs = Common.rules(rules, reg, external);
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
            Writer w = o.writer();
            Common.Progress progress = new Common.Progress(spec.commandLine().getErr());
            input.forEachPatient(p -> {
                progress.tick();
                TreeMap<Integer, List<TrackAssessment>> byOccasion = new TreeMap<>();
                for (int r = 0; r < rs.size(); r++) {
                    for (TrackAssessment a : Common.evaluate(rs.get(r), p)) {
                        List<TrackAssessment> slot = byOccasion.computeIfAbsent(a.occasion(), k -> new ArrayList<>());
                        while (slot.size() < r) {
                            slot.add(null);
                        }
                        slot.add(a);
                    }
                }
                byOccasion.forEach((occ, list) -> list.forEach(a -> {
                    if (a != null) {
                        ScoreCommand.write(w, RomJson.write(new PatientAssessment(p.patientId(), a)));
                    }
                }));
            });
            o.commit();
        }
        return 0;
    }
}
