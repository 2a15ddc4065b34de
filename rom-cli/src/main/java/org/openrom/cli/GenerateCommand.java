package org.openrom.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.openrom.cli.io.AtomicOutput;
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

    @Override
    public Integer call() throws IOException {
        if (patients < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--patients must be at least 1, got " + patients);
        }
        CohortModel model = CohortModel.forPatients(patients, seed);
        int groupsDone = 0;
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
            CSVPrinter csv = header(o.writer());
            // generate group by group so that memory stays bounded for large cohorts
            int batch = 1000;
            while (groupsDone < model.groups()) {
                int n = Math.min(batch, model.groups() - groupsDone);
                SyntheticCohort c = SyntheticCohort.generate(new CohortModel(n, model.patientsPerGroup(), model.sessions(),
                        model.earlyShare(), model.slowShare(), model.nonShare(), model.dropoutRate(), model.commentRate(),
                        seed + groupsDone * 7_777L));
                writeRows(csv, c.administrations(), groupsDone);
                groupsDone += n;
            }
            csv.flush();
            o.commit();
        }
        if (truth != null) {
            writeTruth(truth, model);
        }
        return 0;
    }

    static CSVPrinter header(Writer w) throws IOException {
        return CSVFormat.RFC4180.builder().setRecordSeparator('\n')
                .setHeader("patient_id", "occasion", "instrument", "item", "value", "group_id", "comment").build().print(w);
    }

    static void writeRows(CSVPrinter csv, List<Administration> admins, int groupOffset) throws IOException {
        for (Administration a : admins) {
            String patient = renumber(a.patientId(), groupOffset);
            String group = renumber(a.groupId().orElse(""), groupOffset);
            boolean first = true;
            for (var e : a.answers().entrySet()) {
                csv.printRecord(patient, a.occasion(), a.instrumentId(), e.getKey(), e.getValue(), group,
                        first ? a.comment().orElse("") : "");
                first = false;
            }
        }
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

    private void writeTruth(Path file, CohortModel model) throws IOException {
        try (AtomicOutput o = AtomicOutput.open(file)) {
            CSVPrinter csv = CSVFormat.RFC4180.builder().setRecordSeparator('\n').setHeader("patient_id", "group_id", "class",
                    "dropout_occasion", "baseline", "last", "outcome").build().print(o.writer());
            int done = 0;
            while (done < model.groups()) {
                int n = Math.min(1000, model.groups() - done);
                SyntheticCohort c = SyntheticCohort.generate(new CohortModel(n, model.patientsPerGroup(), model.sessions(),
                        model.earlyShare(), model.slowShare(), model.nonShare(), model.dropoutRate(), model.commentRate(),
                        seed + done * 7_777L));
                for (PatientTruth t : c.truth()) {
                    csv.printRecord(renumber(t.patientId(), done), renumber(t.groupId(), done),
                            t.trajectoryClass().name().toLowerCase(java.util.Locale.ROOT), t.dropoutOccasion(), t.baseline(),
                            t.last(), t.outcome());
                }
                done += n;
            }
            csv.flush();
            o.commit();
        }
    }
}
