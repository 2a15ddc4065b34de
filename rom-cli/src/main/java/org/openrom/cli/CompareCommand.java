package org.openrom.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.io.CohortInput;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.TrackRule;
import org.openrom.rules.research.ComparisonTables;
import org.openrom.rules.research.Outcome;
import org.openrom.rules.research.RuleComparison;
import org.openrom.rules.research.RuleSweep;
import org.openrom.rules.research.RuleComparison.Accuracy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rom compare}: accuracy of NOT rules against an end-of-treatment outcome.
 *
 * <p>A patient counts when the outcome scale has at least two observations. A rule <em>flags</em> a patient
 * when it is NOT_ON_TRACK at any occasion before the patient's last outcome observation (a flag on the
 * final occasion cannot change the treatment). The outcome is <em>poor</em> by the outcome spec:
 * {@code not-improved:scale=S,by=X} (improvement from first to last observation below X; default X: the
 * scale's published reliable change) or {@code case-at-end:scale=S,cutoff=C} (the last score is a case;
 * default C: the scale's cut-off). Reported: flagged patients, sensitivity, specificity, PPV and NPV with
 * Wilson 95% intervals, the median occasion of the first flag, NOT occasions per patient (alarm burden),
 * and Cohen's kappa between each pair of rules.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare NOT rules against an end-of-treatment outcome: sensitivity, specificity, PPV, NPV "
                + "(Wilson 95%% CI), median first flag, alarm burden, pairwise Cohen's kappa; optional parameter sweep.")
final class CompareCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, description = "item-level CSV, score-level CSV or JSON Lines")
    Path in;

    @Option(names = "--rule", required = true, description = "a rule spec (repeatable)")
    List<String> rules;

    @Option(names = "--outcome", required = true,
            description = "not-improved:scale=S,by=X or case-at-end:scale=S,cutoff=C")
    String outcome;

    @Option(names = "--flagged-by", defaultValue = "3", description = "the session k of the column 'poor outcomes "
            + "flagged by session k' (default: ${DEFAULT-VALUE}; JSON lists every session)")
    int flaggedBy;

    @Option(names = "--cluster-bootstrap", description = "also give 95% intervals from N resamples of whole groups "
            + "(100 to 100000; patients without a group are groups of one)")
    Integer clusterBootstrap;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the cluster bootstrap (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "md", description = "md or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--input-format", description = "tidy, scores or jsonl (default: detected)")
    String inputFormat;

    @Option(names = "--sweep", description = "key=a..b or key=a..b:step: run the first rule for each value of key")
    String sweep;

    @Option(names = "--plot", description = "write an SVG ROC-style plot (sensitivity vs 1 - specificity)")
    Path plot;

    @Option(names = "--direction", converter = Common.DirectionConverter.class, defaultValue = "lower-is-better",
            description = "direction of scales not provided by an installed instrument (default: ${DEFAULT-VALUE})")
    Direction direction;

    @Option(names = "--out", description = "output file, or - for stdout (default: stdout). A file is written "
            + "atomically and owner-only; on stdout a failure may leave partial output")
    Path out;

    @Option(names = "--sorted", description = "the input is sorted by patient: stream it (one patient in memory, no sort runs on disk, "
            + "about twice as fast on large files); a patient out of order is an error")
    boolean sorted;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out).output("--plot", plot));
        if (!format.equals("md") && !format.equals("json")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format: expected md or json");
        }
        if (clusterBootstrap != null && (clusterBootstrap < 100 || clusterBootstrap > 100_000)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--cluster-bootstrap: got "
                    + clusterBootstrap + ", expected 100 to 100000 replicates");
        }
        if (flaggedBy < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--flagged-by: got " + flaggedBy
                    + ", expected a session >= 0");
        }
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        CohortInput input = CohortInput.open(in, inputFormat, reg, direction, spec.commandLine().getErr());
        if (sorted) {
            input.sortedByPatient();
        }
        Map<String, Scale> external = Common.externalScales(input);
        List<String> specs = new ArrayList<>(rules);
        if (sweep != null) {
            specs = RuleSweep.specs(rules.get(0), sweep);
            specs.addAll(rules.subList(1, rules.size()));
        }
        List<TrackRule> rs = Common.rules(specs, reg, external);
        Outcome os = Outcome.parse(outcome, name -> reg.findScale(name).or(() -> java.util.Optional.ofNullable(external.get(name))));
        RuleComparison cmp = new RuleComparison(rs);
        int[] seen = {0};
        input.forEachPatient((PatientHistory p) -> {
            seen[0]++;
            cmp.add(p, os);
        });
        int left = seen[0] - cmp.patients();
        if (cmp.patients() == 0) {
            // a comparison of nobody is a failure, not an empty table
            throw new org.openrom.core.DataFormatException(in.getFileName().toString(), 0, 0, "nothing to compare: none of "
                    + seen[0] + " patients has two observations of " + os.scale().qualifiedId() + ", the outcome's scale", null);
        }
        if (left > 0) {
            spec.commandLine().getErr().println("rom compare: " + left + " of " + seen[0] + " patients left out: fewer than "
                    + "two observations of " + os.scale().qualifiedId() + " (no outcome)");
            spec.commandLine().getErr().flush();
        }
        List<Accuracy> ms = cmp.results();
        String key = sweep == null ? null : RuleSweep.key(sweep);
        List<String> values = sweep == null ? List.of()
                : RuleSweep.values(specs.subList(0, specs.size() - (rules.size() - 1)), key);
        List<org.openrom.rules.research.RuleComparison.ClusterIntervals> ci = clusterBootstrap == null ? List.of()
                : cmp.clusterBootstrap(clusterBootstrap, seed);
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
            String text;
            if (format.equals("md")) {
                text = ComparisonTables.markdown(cmp, flaggedBy) + (key == null ? "" : ComparisonTables.sweepMarkdown(cmp, key,
                        values)) + ComparisonTables.clusterMarkdown(cmp, ci);
            } else {
                text = ComparisonTables.json(cmp, key, values, ci);
            }
            o.writer().write(text);
            o.commit();
        }
        if (plot != null) {
            try (AtomicOutput o = AtomicOutput.open(plot)) {
                o.writer().write(RocPlot.svg(ms, key, values));
                o.commit();
            }
        }
        return 0;
    }
}
