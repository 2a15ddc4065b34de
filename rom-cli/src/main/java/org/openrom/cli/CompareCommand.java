package org.openrom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.io.CohortInput;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.RuleSpecException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.RuleSpec;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import org.openrom.rules.research.RuleComparison;
import org.openrom.rules.research.RuleComparison.Accuracy;
import org.openrom.rules.research.RuleComparison.Interval;
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

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out).output("--plot", plot));
        if (!format.equals("md") && !format.equals("json")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format: expected md or json");
        }
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        CohortInput input = CohortInput.open(in, inputFormat, reg, direction, spec.commandLine().getErr());
        Map<String, Scale> external = Common.externalScales(input);
        List<String> specs = new ArrayList<>(rules);
        if (sweep != null) {
            specs = sweepSpecs(rules.get(0), sweep);
            specs.addAll(rules.subList(1, rules.size()));
        }
        List<TrackRule> rs = Common.rules(specs, reg, external);
        RuleSpec os = RuleSpec.parse(outcome);
        Scale outScale = outcomeScale(os, reg, external);
        double threshold = outcomeThreshold(os, outScale);
        RuleComparison cmp = new RuleComparison(rs);
        input.forEachPatient((PatientHistory p) -> {
            ScoreSeries s = p.series(outScale.qualifiedId());
            if (s.size() < 2) {
                return;
            }
            double first = s.value(0);
            double last = s.value(s.size() - 1);
            boolean isPoor = os.id().equals("not-improved") ? -outScale.direction().worsening(first, last) < threshold
                    : outScale.direction() == Direction.LOWER_IS_BETTER ? last >= threshold : last <= threshold;
            List<List<TrackAssessment>> as = new ArrayList<>();
            for (TrackRule r : rs) {
                as.add(Common.evaluate(r, p));
            }
            cmp.add(isPoor, s.occasion(s.size() - 1), as);
        });
        List<Accuracy> ms = cmp.results();
        double[][] kappa = new double[ms.size()][ms.size()];
        for (int i = 0; i < ms.size(); i++) {
            for (int j = 0; j < ms.size(); j++) {
                kappa[i][j] = cmp.kappa(i, j);
            }
        }
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
            o.writer().write(format.equals("md") ? markdown(ms, kappa, cmp.patients(), cmp.poorOutcomes()) : json(ms, kappa, cmp.patients()));
            o.commit();
        }
        if (plot != null) {
            try (AtomicOutput o = AtomicOutput.open(plot)) {
                o.writer().write(RocPlot.svg(ms));
                o.commit();
            }
        }
        return 0;
    }

    private Scale outcomeScale(RuleSpec os, InstrumentRegistry reg, Map<String, Scale> external) {
        if (!os.id().equals("not-improved") && !os.id().equals("case-at-end")) {
            throw new RuleSpecException("Unknown outcome '" + os.id() + "'; accepted: not-improved, case-at-end");
        }
        for (String k : os.parameters().keySet()) {
            List<String> ok = os.id().equals("not-improved") ? List.of("scale", "by") : List.of("scale", "cutoff");
            if (!ok.contains(k)) {
                throw new RuleSpecException("Unknown parameter '" + k + "' for outcome '" + os.id() + "'; accepted: " + ok);
            }
        }
        String name = os.parameters().containsKey("scale") ? os.parameters().get("scale").toString() : "odsis.total";
        Scale s = reg.findScale(name).orElse(external.get(name));
        if (s == null) {
            throw new RuleSpecException("Outcome scale '" + name + "' is neither installed nor in the input");
        }
        return s;
    }

    private static double outcomeThreshold(RuleSpec os, Scale s) {
        String key = os.id().equals("not-improved") ? "by" : "cutoff";
        if (os.parameters().containsKey(key)) {
            double v;
            try {
                v = Double.parseDouble(os.parameters().get(key).toString());
            } catch (NumberFormatException e) {
                throw new RuleSpecException("Outcome parameter " + key + "=" + os.parameters().get(key) + ": expected a number");
            }
            if (!Double.isFinite(v) || key.equals("by") && v <= 0) {
                throw new RuleSpecException("Outcome parameter " + key + "=" + os.parameters().get(key) + ": expected a finite "
                        + (key.equals("by") ? "number > 0" : "number"));
            }
            return v;
        }
        var published = key.equals("by") ? s.psychometrics().reliableChange() : s.cutoff();
        if (published.isEmpty()) {
            throw new RuleSpecException("Outcome '" + os.id() + "' needs " + key + "=…: scale " + s.qualifiedId()
                    + " publishes no " + (key.equals("by") ? "reliable change" : "cut-off"));
        }
        return published.getAsDouble();
    }

    static List<String> sweepSpecs(String base, String sweep) {
        int eq = sweep.indexOf('=');
        int dots = sweep.indexOf("..");
        if (eq < 1 || dots < eq) {
            throw new RuleSpecException("--sweep " + sweep + ": expected key=a..b or key=a..b:step");
        }
        String key = sweep.substring(0, eq);
        String range = sweep.substring(eq + 1);
        String step = "1";
        int colon = range.indexOf(':');
        if (colon >= 0) {
            step = range.substring(colon + 1);
            range = range.substring(0, colon);
        }
        String[] ab = range.split("\\.\\.");
        double a;
        double b;
        double st;
        try {
            a = Double.parseDouble(ab[0]);
            b = Double.parseDouble(ab[1]);
            st = Double.parseDouble(step);
        } catch (RuntimeException e) {
            throw new RuleSpecException("--sweep " + sweep + ": expected numbers in key=a..b:step");
        }
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(st)) {
            throw new RuleSpecException("--sweep " + sweep + ": expected finite numbers in key=a..b:step");
        }
        if (!(st > 0) || b < a || (b - a) / st > 1000) {
            throw new RuleSpecException("--sweep " + sweep + ": expected a <= b, step > 0 and at most 1000 values");
        }
        RuleSpec spec = RuleSpec.parse(base);
        List<String> out = new ArrayList<>();
        for (int i = 0; a + i * st <= b + 1e-9; i++) {
            double v = a + i * st;
            TreeMap<String, RuleSpec.Value> p = new TreeMap<>(spec.parameters());
            p.put(key, new RuleSpec.Atom(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v)));
            out.add(new RuleSpec(spec.id(), p).toString());
        }
        return out;
    }

    private static String pct(Interval w) {
        if (Double.isNaN(w.estimate())) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f)", 100 * w.estimate(), 100 * w.low(), 100 * w.high());
    }

    private static String markdown(List<Accuracy> ms, double[][] kappa, int n, int poor) {
        StringBuilder sb = new StringBuilder();
        sb.append("Patients: ").append(n).append(" (poor outcome: ").append(poor).append(")\n\n");
        sb.append("| # | rule | flagged | sensitivity | specificity | PPV | NPV | median first flag | NOT occasions per patient |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < ms.size(); i++) {
            Accuracy m = ms.get(i);
            sb.append("| ").append(i + 1).append(" | `").append(m.rule()).append("` | ").append(m.flagged()).append(" | ")
                    .append(pct(m.sensitivity())).append(" | ").append(pct(m.specificity()))
                    .append(" | ").append(pct(m.ppv())).append(" | ")
                    .append(pct(m.npv())).append(" | ")
                    .append(Double.isNaN(m.medianFirstFlag()) ? "—" : fmt(m.medianFirstFlag())).append(" | ")
                    .append(Double.isNaN(m.notOccasionsPerPatient()) ? "—"
                            : String.format(Locale.ROOT, "%.2f", m.notOccasionsPerPatient()))
                    .append(" |\n");
        }
        if (ms.size() > 1) {
            sb.append("\nCohen's kappa between rules (flagged or not):\n\n|   |");
            for (int j = 0; j < ms.size(); j++) {
                sb.append(' ').append(j + 1).append(" |");
            }
            sb.append("\n|---|").append("---|".repeat(ms.size())).append('\n');
            for (int i = 0; i < ms.size(); i++) {
                sb.append("| ").append(i + 1).append(" |");
                for (int j = 0; j < ms.size(); j++) {
                    sb.append(' ').append(Double.isNaN(kappa[i][j]) ? "—" : String.format(Locale.ROOT, "%.2f", kappa[i][j]))
                            .append(" |");
                }
                sb.append('\n');
            }
        }
        sb.append("\nFlagged: NOT_ON_TRACK before the last outcome observation. Intervals: Wilson 95%.\n");
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String json(List<Accuracy> ms, double[][] kappa, int n) {
        ObjectNode root = Common.NODES.objectNode();
        root.put("patients", n);
        ArrayNode arr = root.putArray("rules");
        for (Accuracy m : ms) {
            ObjectNode o = arr.addObject();
            o.put("rule", m.rule()).put("flagged", m.flagged()).put("tp", m.tp()).put("fp", m.fp()).put("tn", m.tn())
                    .put("fn", m.fn());
            put(o, "sensitivity", m.sensitivity());
            put(o, "specificity", m.specificity());
            put(o, "ppv", m.ppv());
            put(o, "npv", m.npv());
            if (!Double.isNaN(m.medianFirstFlag())) {
                o.put("median_first_flag", m.medianFirstFlag());
            }
            if (!Double.isNaN(m.notOccasionsPerPatient())) {
                o.put("not_occasions_per_patient", m.notOccasionsPerPatient());
            }
        }
        ArrayNode k = root.putArray("kappa");
        for (double[] row : kappa) {
            ArrayNode r = k.addArray();
            Arrays.stream(row).forEach(v -> {
                if (Double.isNaN(v)) {
                    r.addNull();
                } else {
                    r.add(v);
                }
            });
        }
        return root.toPrettyString() + "\n";
    }

    private static void put(ObjectNode o, String name, Interval w) {
        if (Double.isNaN(w.estimate())) {
            o.putNull(name);
        } else {
            o.putObject(name).put("estimate", w.estimate()).put("low", w.low()).put("high", w.high());
        }
    }
}
