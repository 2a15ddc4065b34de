package org.openrom.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.io.CohortInput;
import org.openrom.io.CohortWriter;
import org.openrom.core.score.Administration;
import org.openrom.rules.research.CohortModel;
import org.openrom.rules.research.PatientTruth;
import org.openrom.rules.research.SyntheticCohort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rom generate}: a synthetic cohort as item-level tidy CSV. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a synthetic group-CBT cohort (groups of 8, baseline + 14 sessions; see "
                + "docs/synthetic-cohort.md) as item-level tidy CSV.")
final class GenerateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--patients", required = true, description = "number of patients (rounded up to whole groups of 8)")
    int patients;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "the CSV file to write (atomically)")
    Path out;

    @Option(names = "--truth", description = "also write the ground truth per patient to this CSV")
    Path truth;

    @Option(names = "--calibrated", description = "the model calibrated to published rates, with group and therapist "
            + "random effects (docs/synthetic-cohort.md), instead of the study-like demo model")
    boolean calibrated;

    /** The largest cohort generated (rounded up to whole groups of 8, it still fits an int). */
    static final int MAX_PATIENTS = 100_000_000;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().output("--out", out).output("--truth", truth));
        if (patients < 1 || patients > MAX_PATIENTS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--patients must be in 1.." + MAX_PATIENTS + ", got " + patients);
        }
        CohortModel model = CohortModel.forPatients(patients, seed);
        if (calibrated) {
            model = CohortModel.calibrated(model.groups(), seed);
        }
        // one pass writes both files; each is moved into place only when both are complete
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut());
                AtomicOutput t = truth == null ? null : AtomicOutput.open(truth)) {
            CohortWriter rows = CohortWriter.open(o.writer(), CohortInput.Format.TIDY);
            CsvWriter truths = t == null ? null : CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(t.writer());
            if (truths != null) {
                truths.writeRecord("patient_id", "group_id", "class", "dropout_occasion", "baseline", "last", "outcome",
                        "therapist_id", "effect");
            }
            // batches of 1,000 groups, each with its own seed, generated 25 groups at a time so that memory
            // stays bounded (a few MB) however large the cohort
            int batch = 1000;
            int slice = 25;
            for (int done = 0; done < model.groups(); done += batch) {
                int n = Math.min(batch, model.groups() - done);
                CohortModel part = model.withGroups(n).withSeed(seed + done * 7_777L);
                for (int first = 1; first <= n; first += slice) {
                    SyntheticCohort c = SyntheticCohort.generate(part, first, Math.min(slice, n - first + 1));
                    writeRows(rows, c.administrations(), done);
                    if (truths != null) {
                        writeTruth(truths, c.truth(), done, model.groupsPerTherapist());
                    }
                }
            }
            rows.flush();
            if (t != null) {
                truths.flush();
                t.commit();
            }
            o.commit();
        }
        return 0;
    }

    /** Writes a generated slice, its groups numbered after the {@code groupOffset} groups written before it. */
    static void writeRows(CohortWriter out, List<Administration> admins, int groupOffset) {
        for (Administration a : admins) {
            out.write(groupOffset == 0 ? a : renumbered(a, groupOffset));
        }
    }

    private static Administration renumbered(Administration a, int offset) {
        Administration.Builder b = Administration.builder(renumber(a.patientId(), offset), a.instrumentId(), a.occasion())
                .date(a.date().orElse(null)).groupId(a.groupId().map(g -> renumber(g, offset)).orElse(null))
                .comment(a.comment().orElse(null));
        a.answers().forEach(b::answer);
        a.texts().forEach(b::text);
        return b.build();
    }

    /** Shifts the group number of ids like {@code g001-p3} by {@code offset} groups. */
    static String renumber(String id, int offset) {
        if (offset == 0 || !id.startsWith("g")) {
            return id;
        }
        int dash = id.indexOf('-');
        String num = dash < 0 ? id.substring(1) : id.substring(1, dash);
        String rest = dash < 0 ? "" : id.substring(dash);
        return String.format("g%03d", Integer.parseInt(num) + offset) + rest;
    }

    /**
     * Therapists of a later batch of 1,000 groups are numbered after those of the earlier ones (1,000 groups are a
     * whole number of therapists for the calibrated model's 4 groups each).
     */
    private static String renumberTherapist(String id, int groupOffset, int groupsPerTherapist) {
        return groupOffset == 0 ? id : String.format("t%03d", Integer.parseInt(id.substring(1)) + groupOffset / groupsPerTherapist);
    }

    private static void writeTruth(CsvWriter csv, List<PatientTruth> truths, int groupOffset, int groupsPerTherapist) {
        for (PatientTruth t : truths) {
            csv.writeRecord(renumber(t.patientId(), groupOffset), renumber(t.groupId(), groupOffset),
                    t.trajectoryClass().name().toLowerCase(java.util.Locale.ROOT), String.valueOf(t.dropoutOccasion()),
                    String.valueOf(t.baseline()), String.valueOf(t.last()), String.valueOf(t.outcome()),
                    renumberTherapist(t.therapistId(), groupOffset, groupsPerTherapist), String.valueOf(t.effect()));
        }
    }
}
