package org.openrom.cli;

import org.openrom.cli.spi.FeedbackSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.io.CohortInput;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.ScoreSeries;
import org.openrom.rules.research.ComparisonTables;
import org.openrom.rules.research.HoldOut;
import org.openrom.rules.research.IndexRoc;
import org.openrom.rules.research.OutcomeEvaluation;
import org.openrom.rules.research.Outcome;
import org.openrom.rules.research.RuleComparison;
import org.openrom.rules.research.RuleSweep;
import org.openrom.rules.research.RuleComparison.Accuracy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rom compare}: accuracy of NOT rules against one or more end-of-treatment outcomes.
 *
 * <p>A patient counts when the outcome scale has at least two observations (one for {@code drop-out}; a patient
 * who is not a case at baseline has no {@code not-recovered} outcome); the patients left out are counted by reason
 * on stderr. A rule <em>flags</em> a patient
 * when it is NOT_ON_TRACK at any occasion before the patient's last outcome observation (a flag on the
 * final occasion cannot change the treatment). The outcome is <em>poor</em> by the outcome spec:
 * {@code not-improved:scale=S,by=X} (improvement from first to last observation below X; default X: the
 * scale's published reliable change), {@code case-at-end:scale=S,cutoff=C} (the last score is a case;
 * default C: the scale's cut-off), {@code reliable-deterioration}, {@code not-recovered} or {@code drop-out}
 * ({@link Outcome}). Reported: flagged patients, sensitivity, specificity, PPV and NPV with
 * Wilson 95% intervals, the median occasion of the first flag, NOT occasions per patient (alarm burden),
 * and Cohen's kappa between each pair of rules.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare NOT rules against end-of-treatment outcomes: sensitivity, specificity, PPV, NPV "
                + "(Wilson 95%% CI), lead time, alarm burden per patient and per group, pairwise Cohen's kappa; optional "
                + "parameter sweep with AUC and ROC plot, cluster-bootstrap intervals.")
final class CompareCommand extends CohortCommand {
    @Option(names = "--rule", required = true, description = "a rule spec (repeatable)")
    List<String> rules;

    @Option(names = "--outcome", required = true, description = "not-improved:scale=S,by=X, case-at-end:scale=S,cutoff=C, "
            + "reliable-deterioration:scale=S,by=X, not-recovered:scale=S,cutoff=C,by=X or drop-out:scale=S,before=K "
            + "(repeatable: one comparison per outcome)")
    List<String> outcomes;

    @Option(names = "--flagged-by", defaultValue = "3", description = "the session k of the column 'poor outcomes "
            + "flagged by session k' (default: ${DEFAULT-VALUE}; JSON lists every session)")
    int flaggedBy;

    @Option(names = "--cluster-bootstrap", description = "also give 95%% intervals from N resamples of whole groups "
            + "(100 to 100000; patients without a group are groups of one)")
    Integer clusterBootstrap;

    @Option(names = "--paired", description = "also compare every pair of rules on the same patients: McNemar's test of "
            + "their sensitivities and specificities (md and json)")
    boolean paired;

    @Option(names = "--at-session", paramLabel = "K", description = "also judge early warning at session K: each rule's "
            + "flags by K (balanced accuracy, net benefit) and a cross-fitted logistic baseline on the scores at baseline "
            + "and K (AUROC with DeLong's interval, Brier, calibration, net benefit); md and json")
    Integer atSession;

    /** The predictions at --at-session, per outcome (null for an outcome of two scales); set before rendering. */
    private List<org.openrom.rules.research.SessionPrediction.Result> predictionResults = List.of();

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the cluster bootstrap and of the "
            + "--at-session folds (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "md", description = "output: md, json or csv (one row per outcome x "
            + "rule; default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--sweep", description = "key=a..b or key=a..b:step: run the first rule for each value of key")
    String sweep;

    @Option(names = "--plot", description = "write an SVG ROC-style plot (sensitivity vs 1 - specificity): one figure per "
            + "outcome, side by side, each naming its outcome")
    Path plot;

    @Option(names = "--reference", description = "a reference cohort for rules fitted from data, [NAME=]FILE (any input "
            + "format; NAME defaults to the file's name): percentile-boundary:reference=NAME (repeatable)")
    List<String> references;

    @Option(names = "--split", description = "honest evaluation of fitted rules: hold out by patient or by group; the "
            + "training part is the reference cohort named 'training' (e.g. expected-response:reference=training), the "
            + "rules are evaluated on the rest")
    HoldOut.Unit split;

    @Option(names = "--test-fraction", converter = Common.FiniteDouble.class, defaultValue = "0.5",
            description = "with --split: the share of patients (or groups) evaluated (default: ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--folds", description = "k-fold cross-validation instead of one split (2 to 20): each fold is "
            + "evaluated by rules fitted on the others, so every patient is evaluated once (by --split's unit, default patient)")
    Integer folds;

    @Option(names = "--roc-index", description = "also the ROC of the first rule's continuous index: the detail KEY "
            + "(e.g. rci of reliable-change), each patient's highest value before the last observation; KEY:lower when "
            + "lower values are worse")
    String rocIndex;

    @picocli.CommandLine.Mixin
    RunOptions run;

    @Option(names = "--direction", converter = Common.DirectionConverter.class, defaultValue = "lower-is-better",
            description = "direction of scales not provided by an installed instrument (default: ${DEFAULT-VALUE})")
    Direction direction;

    @Option(names = "--feedback", paramLabel = "JDBC_URL", description = "the feedback store of the CDS Hooks service "
            + "(rom serve): per rule, how often clinicians accepted, overrode or ignored its cards, beside its "
            + "sensitivity and alarm burden (the JDBC driver comes with the rom-cds plugin jar)")
    String feedback;

    @Override
    public Integer call() throws IOException {
        checkOptions();
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        CohortInput input = openInput(reg, direction);
        Map<String, Scale> external = Common.externalScales(input);
        List<String> specs = new ArrayList<>(rules);
        if (sweep != null) {
            specs = RuleSweep.specs(rules.get(0), sweep);
            specs.addAll(rules.subList(1, rules.size()));
        }
        Map<String, Path> referenceFiles = new java.util.LinkedHashMap<>();
        Map<String, List<ScoreSeries>> refs = Common.references(spec, references, reg, direction, referenceFiles);
        HoldOut holdOut = folds != null ? HoldOut.kFold(split == null ? HoldOut.Unit.PATIENT : split, folds, seed)
                : split != null ? HoldOut.split(split, testFraction, seed) : null;
        List<Outcome> os = new ArrayList<>();
        for (String o : outcomes) {
            os.add(Outcome.parse(o, name -> reg.findScale(name).or(() -> java.util.Optional.ofNullable(external.get(name)))));
        }
        java.util.Optional<OutcomeEvaluation.IndexSpec> index = indexSpec();
        final List<String> fitted = specs;
        OutcomeEvaluation ev = new OutcomeEvaluation(withRefs -> Common.rules(fitted, reg, external, withRefs), refs,
                java.util.Optional.ofNullable(holdOut), os, index);
        if (atSession != null) {
            ev.predictAt(atSession, 5, seed);
        }
        if (ev.needsTraining()) {
            input.forEachPatient(ev::train);
        }
        ev.fit();
        List<TrackRule> rs = ev.rules();
        List<RuleComparison> cmps = ev.comparisons();
        try (Run r = Run.start(spec, run)) {
            r.input("--in", in).output("--out", out).output("--plot", plot).rules(rs);
            referenceFiles.forEach(r::input);
            if (holdOut != null) {
                r.parameter("hold_out", holdOut.describe());
            }
            os.forEach(o -> r.parameter(os.size() == 1 ? "outcome" : "outcome_" + (os.indexOf(o) + 1), o.spec()));
            if (clusterBootstrap != null) {
                r.parameter("cluster_bootstrap", clusterBootstrap).parameter("seed", seed);
            }
            input.forEachPatient((PatientHistory p) -> {
                r.tick();
                ev.evaluate(p);
            });
            long seen = ev.evaluatedPatients();
            if (holdOut != null) {
                spec.commandLine().getErr().println("rom compare: " + holdOut.describe() + ": " + (holdOut.isKFold()
                        ? "every patient evaluated by rules fitted on the other folds"
                        : ev.trainingPatients() + " patients in the training part, " + seen + " evaluated"));
                spec.commandLine().getErr().flush();
            }
            requireJudged(r, ev, seen);
            Common.requireEvaluated(r, rs, cmps.get(0)::evaluated, in);
            List<IndexRoc.Result> rocResults = ev.indexRocs();
            if (!rocResults.isEmpty() && rocResults.get(0).patients() == 0) {
                throw new org.openrom.core.DataFormatException(in.getFileName().toString(), 0, 0, "--roc-index "
                        + index.get().detail() + ": no assessment of " + rs.get(0).ref().id() + " before a last observation has a "
                        + "numeric detail " + index.get().detail(), null);
            }
            String key = sweep == null ? null : RuleSweep.key(sweep);
            List<String> values = sweep == null ? List.of()
                    : RuleSweep.values(specs.subList(0, specs.size() - (rules.size() - 1)), key);
            predictionResults = atSession == null ? List.of() : ev.predictions();
            write(cmps, os, key, values, holdOut, rocResults);
            int poor = cmps.stream().mapToInt(RuleComparison::poorOutcomes).sum();
            r.finish(String.format(java.util.Locale.ROOT, "%,d patients, %d rule%s, %d outcome%s (%,d poor "
                    + "outcomes)", seen, rs.size(), rs.size() == 1 ? "" : "s", os.size(), os.size() == 1 ? "" : "s", poor));
        }
        return 0;
    }

    /** Refuses, before any work, options that contradict each other or lie outside their range. */
    private void checkOptions() {
        org.openrom.cli.io.OutputPaths paths = org.openrom.cli.io.OutputPaths.check().input("--in", in);
        Common.referenceInputs(paths, references);
        Common.checkPaths(spec, paths.output("--out", out).output("--plot", plot).output("--manifest", run.manifest));
        if (split == null && folds == null && testFraction != 0.5) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--test-fraction needs --split");
        }
        Common.requireOutputFormat(spec, format, List.of("md", "json", "csv"));
        if (atSession != null && (atSession < 1 || format.equals("csv"))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--at-session: got " + atSession
                    + (atSession < 1 ? ", expected a session >= 1" : "; the prediction tables are written in md and json "
                    + "(use --format md or json)"));
        }
        if (paired && format.equals("csv")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--paired: the paired tests are written in "
                    + "md and json (the CSV has one row per outcome and rule); use --format md or json");
        }
        if (clusterBootstrap != null && (clusterBootstrap < 100 || clusterBootstrap > 100_000)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--cluster-bootstrap: got "
                    + clusterBootstrap + ", expected 100 to 100000 replicates");
        }
        if (flaggedBy < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--flagged-by: got " + flaggedBy
                    + ", expected a session >= 0");
        }
    }

    /** A comparison of nobody is a failure, not an empty table; patients an outcome left out are a warning. */
    private void requireJudged(Run r, OutcomeEvaluation ev, long seen) {
        List<Outcome> os = ev.outcomes();
        List<RuleComparison> cmps = ev.comparisons();
        for (int i = 0; i < os.size(); i++) {
            RuleComparison cmp = cmps.get(i);
            String reasons = Common.reasons(ev.leftOut(i));
            if (cmp.patients() == 0) {
                // a comparison of nobody is a failure, not an empty table
                throw new org.openrom.core.DataFormatException(in.getFileName().toString(), 0, 0, "nothing to compare "
                        + "for outcome " + os.get(i).spec() + ": all " + seen + " patients left out (" + reasons + ")",
                        null);
            }
            if (!ev.leftOut(i).isEmpty()) {
                r.warn((seen - cmp.patients()) + " of " + seen + " patients left out of outcome " + os.get(i).spec()
                        + ": " + reasons);
            }
            int i0 = i;
            ev.pairingMoves(i).ifPresent(m -> r.warn("outcome " + os.get(i0).spec() + ": pairing="
                    + (os.get(i0).spec().contains("pairing=each") ? "paired" : "each") + " would judge " + m[0]
                    + " patients otherwise (" + m[1] + " of them gain or lose an outcome)"));
        }
    }

    /** The tables (with the clinicians' feedback when asked for) and the ROC plot, each written atomically. */
    private void write(List<RuleComparison> cmps, List<Outcome> os, String key, List<String> values, HoldOut holdOut,
            List<IndexRoc.Result> rocResults) throws IOException {
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
            java.util.Map<String, FeedbackSource.RuleCards> fb = java.util.Map.of();
            if (feedback != null) {
                try {
                    fb = FeedbackSource.read(feedback);
                } catch (java.io.IOException e) {
                    throw new org.openrom.core.DataFormatException("--feedback", 0, 0, "cannot read the CDS feedback "
                            + "store: " + e.getMessage(), null);
                }
            }
            o.writer().write(withFeedback(render(cmps, os, key, values, holdOut, rocResults), cmps, fb));
            o.commit();
        }
        if (plot != null) {
            try (AtomicOutput o = AtomicOutput.open(plot)) {
                // one figure per outcome, side by side, each naming its outcome
                List<String> figures = new java.util.ArrayList<>();
                for (int i = 0; i < cmps.size(); i++) {
                    figures.add(RocPlot.svg(cmps.get(i).results(), cmps.get(i).labels(), key, values,
                            rocResults.isEmpty() ? null : rocResults.get(i), os.get(i).toString()));
                }
                o.writer().write(RocPlot.panel(figures));
                o.commit();
            }
        }
    }

    /** The --roc-index option: KEY or KEY:lower. */
    private java.util.Optional<OutcomeEvaluation.IndexSpec> indexSpec() {
        if (rocIndex == null) {
            return java.util.Optional.empty();
        }
        String key = rocIndex.endsWith(":lower") ? rocIndex.substring(0, rocIndex.length() - ":lower".length()) : rocIndex;
        if (key.isBlank() || key.contains(":")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--roc-index: got "
                    + org.openrom.core.SafeText.show(rocIndex) + ", expected KEY or KEY:lower (a detail of the first rule)");
        }
        return java.util.Optional.of(new OutcomeEvaluation.IndexSpec(key, !rocIndex.endsWith(":lower")));
    }

    /** The clinicians' feedback on each rule's cards, beside its accuracy: a table (md), a field (json), columns (csv). */
    private String withFeedback(String text, List<RuleComparison> cmps, java.util.Map<String, FeedbackSource.RuleCards> fb)
            throws IOException {
        if (feedback == null) {
            return text;
        }
        FeedbackSource.RuleCards none = new FeedbackSource.RuleCards(0, 0, 0, 0);
        List<RuleComparison.Accuracy> ms = cmps.get(0).results();
        switch (format) {
            case "md": {
                StringBuilder sb = new StringBuilder(text).append("\nClinician feedback on each rule's CDS cards (")
                        .append("accepted, overridden, or ignored: no feedback):\n\n| # | rule | sensitivity (first outcome) | NOT occasions "
                                + "per patient | cards | accepted | overridden | ignored |\n|---|---|---|---|---|---|---|---|\n");
                for (int i = 0; i < ms.size(); i++) {
                    FeedbackSource.RuleCards c = fb.getOrDefault(ms.get(i).rule(), none);
                    sb.append("| ").append(i + 1).append(" | ").append(cmps.get(0).labels().get(i)).append(" | ")
                            .append(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * ms.get(i).sensitivity().estimate()))
                            .append(" | ").append(String.format(java.util.Locale.ROOT, "%.2f", ms.get(i).notOccasionsPerPatient()))
                            .append(" | ").append(c.cards()).append(" | ").append(share(c.accepted(), c.cards())).append(" | ")
                            .append(share(c.overridden(), c.cards())).append(" | ").append(share(c.ignored(), c.cards()))
                            .append(" |\n");
                }
                return sb.toString();
            }
            case "csv": {
                StringBuilder sb = new StringBuilder();
                int row = -1;
                for (String line : text.split("\n", -1)) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (row < 0) {
                        sb.append(line).append(",cds_cards,cds_accepted,cds_overridden,cds_ignored\n");
                    } else {
                        FeedbackSource.RuleCards c = fb.getOrDefault(ms.get(row % ms.size()).rule(), none);
                        sb.append(line).append(',').append(c.cards()).append(',').append(c.accepted()).append(',')
                                .append(c.overridden()).append(',').append(c.ignored()).append('\n');
                    }
                    row++;
                }
                return sb.toString();
            }
            default: {
                com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
                com.fasterxml.jackson.databind.node.ArrayNode a = Common.NODES.arrayNode();
                for (int i = 0; i < ms.size(); i++) {
                    FeedbackSource.RuleCards c = fb.getOrDefault(ms.get(i).rule(), none);
                    a.addObject().put("rule", ms.get(i).rule()).put("cards", c.cards()).put("accepted", c.accepted())
                            .put("overridden", c.overridden()).put("ignored", c.ignored());
                }
                ((com.fasterxml.jackson.databind.node.ObjectNode) doc).set("cds_feedback", a);
                return doc.toPrettyString() + "\n";
            }
        }
    }

    private static String share(int n, int of) {
        return of == 0 ? "—" : n + " (" + String.format(java.util.Locale.ROOT, "%.0f%%", 100.0 * n / of) + ")";
    }

    private String render(List<RuleComparison> cmps, List<Outcome> os, String key, List<String> values, HoldOut holdOut,
            List<IndexRoc.Result> rocResults) {
        StringBuilder text = new StringBuilder();
        com.fasterxml.jackson.databind.node.ArrayNode all = Common.NODES.arrayNode();
        for (int i = 0; i < cmps.size(); i++) {
            RuleComparison cmp = cmps.get(i);
            List<org.openrom.rules.research.RuleComparison.ClusterIntervals> ci = clusterBootstrap == null ? List.of()
                    : cmp.clusterBootstrap(clusterBootstrap, seed);
            switch (format) {
                case "md":
                    text.append(i == 0 ? "" : "\n").append(holdOut == null ? "" : "Hold-out: " + holdOut.describe()
                            + " (rules fitted from data never evaluate the patients they were fitted on)\n\n")
                            .append(ComparisonTables.markdown(cmp, os.get(i), flaggedBy))
                            .append(key == null ? "" : ComparisonTables.sweepMarkdown(cmp, key, values))
                            .append(ComparisonTables.clusterMarkdown(cmp, ci))
                            .append(paired ? org.openrom.rules.research.PairedTables.markdown(cmp) : "")
                            .append(predictionResults.isEmpty() ? "" : predictionResults.get(i) == null
                                    ? "\nPrediction at session " + atSession + ": not for an outcome of two scales.\n"
                                    : org.openrom.rules.research.SessionTables.markdown(predictionResults.get(i), cmp.labels()))
                            .append(rocResults.isEmpty() ? "" : ComparisonTables.indexRocMarkdown(rocResults.get(i)));
                    break;
                case "csv":
                    text.append(ComparisonTables.csv(cmp, os.get(i), key, values, ci, i == 0));
                    break;
                default:
                    com.fasterxml.jackson.databind.node.ObjectNode tree = ComparisonTables.jsonTree(cmp, os.get(i), key,
                            values, ci);
                    if (holdOut != null) {
                        tree.put("hold_out", holdOut.describe());
                    }
                    if (paired) {
                        tree.set("paired", org.openrom.rules.research.PairedTables.json(cmp));
                    }
                    if (!predictionResults.isEmpty()) {
                        tree.set("at_session", predictionResults.get(i) == null ? Common.NODES.nullNode()
                                : org.openrom.rules.research.SessionTables.json(predictionResults.get(i), cmp.labels()));
                    }
                    if (!rocResults.isEmpty()) {
                        tree.set("index_roc", ComparisonTables.indexRocJson(rocResults.get(i)));
                    }
                    all.add(tree);
            }
        }
        if (format.equals("json")) {
            // one outcome: the comparison itself; several: {"comparisons": [one per outcome, in order]}
            com.fasterxml.jackson.databind.JsonNode doc = all.size() == 1 ? all.get(0)
                    : Common.NODES.objectNode().set("comparisons", all);
            return doc.toPrettyString() + "\n";
        }
        return text.toString();
    }
}
