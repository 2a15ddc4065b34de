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
import org.openrom.cli.io.CohortInput;
import org.openrom.cli.io.PatientData;
import org.openrom.core.RuleSpecException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.RuleSpec;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
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
                + "(Wilson 95% CI), median first flag, alarm burden, pairwise Cohen's kappa; optional parameter sweep.")
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

    @Option(names = "--out", description = "output file (default: stdout); written atomically")
    Path out;

    record Metrics(String rule, int n, int flagged, int tp, int fp, int tn, int fn, double medianFirstFlag,
            double flagsPerPatient, boolean[] flags) {
    }

    @Override
    public Integer call() throws IOException {
        if (!format.equals("md") && !format.equals("json")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--format: expected md or json");
        }
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        Map<String, Scale> external = Common.externalScales(in, inputFormat, reg, direction, spec.commandLine().getErr());
        List<String> specs = new ArrayList<>(rules);
        if (sweep != null) {
            specs = sweepSpecs(rules.get(0), sweep);
            specs.addAll(rules.subList(1, rules.size()));
        }
        List<TrackRule> rs = Common.rules(specs, reg, external);
        RuleSpec os = RuleSpec.parse(outcome);
        Scale outScale = outcomeScale(os, reg, external);
        double threshold = outcomeThreshold(os, outScale);
        CohortInput input = CohortInput.open(in, inputFormat, reg, direction, new java.io.PrintWriter(java.io.Writer.nullWriter()));
        List<Boolean> poor = new ArrayList<>();
        List<List<int[]>> perRule = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            perRule.add(new ArrayList<>());
        }
        input.forEachPatient((PatientData p) -> {
            ScoreSeries s = p.series(outScale.qualifiedId());
            if (s.size() < 2) {
                return;
            }
            double first = s.value(0);
            double last = s.value(s.size() - 1);
            int lastOcc = s.occasion(s.size() - 1);
            boolean isPoor = os.id().equals("not-improved") ? -outScale.direction().worsening(first, last) < threshold
                    : outScale.direction() == Direction.LOWER_IS_BETTER ? last >= threshold : last <= threshold;
            poor.add(isPoor);
            for (int r = 0; r < rs.size(); r++) {
                int firstFlag = -1;
                int count = 0;
                for (TrackAssessment a : Common.evaluate(rs.get(r), p)) {
                    if (a.occasion() < lastOcc && a.isNotOnTrack()) {
                        count++;
                        if (firstFlag < 0) {
                            firstFlag = a.occasion();
                        }
                    }
                }
                perRule.get(r).add(new int[] {firstFlag, count});
            }
        });
        List<Metrics> ms = new ArrayList<>();
        for (int r = 0; r < rs.size(); r++) {
            ms.add(metrics(rs.get(r).ref().spec(), perRule.get(r), poor));
        }
        double[][] kappa = new double[ms.size()][ms.size()];
        for (int i = 0; i < ms.size(); i++) {
            for (int j = 0; j < ms.size(); j++) {
                kappa[i][j] = kappa(ms.get(i).flags(), ms.get(j).flags());
            }
        }
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
            o.writer().write(format.equals("md") ? markdown(ms, kappa, poor.size()) : json(ms, kappa, poor.size()));
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
            try {
                return Double.parseDouble(os.parameters().get(key).toString());
            } catch (NumberFormatException e) {
                throw new RuleSpecException("Outcome parameter " + key + "=" + os.parameters().get(key) + ": expected a number");
            }
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

    static Metrics metrics(String rule, List<int[]> flags, List<Boolean> poor) {
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        List<Integer> firsts = new ArrayList<>();
        long total = 0;
        boolean[] f = new boolean[flags.size()];
        for (int i = 0; i < flags.size(); i++) {
            boolean flagged = flags.get(i)[0] >= 0;
            f[i] = flagged;
            total += flags.get(i)[1];
            if (flagged) {
                firsts.add(flags.get(i)[0]);
            }
            if (flagged && poor.get(i)) {
                tp++;
            } else if (flagged) {
                fp++;
            } else if (poor.get(i)) {
                fn++;
            } else {
                tn++;
            }
        }
        double median = Double.NaN;
        if (!firsts.isEmpty()) {
            int[] s = firsts.stream().mapToInt(Integer::intValue).sorted().toArray();
            median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
        }
        return new Metrics(rule, flags.size(), firsts.size(), tp, fp, tn, fn, median,
                flags.isEmpty() ? Double.NaN : (double) total / flags.size(), f);
    }

    /** Wilson score interval for x successes of n at 95%. */
    static double[] wilson(int x, int n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double z = 1.959963984540054;
        double p = (double) x / n;
        double den = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / den;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / den;
        return new double[] {p, Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** Cohen's kappa of two binary ratings; NaN when the expected agreement is 1. */
    static double kappa(boolean[] a, boolean[] b) {
        int n = a.length;
        if (n == 0) {
            return Double.NaN;
        }
        int agree = 0;
        int pa = 0;
        int pb = 0;
        for (int i = 0; i < n; i++) {
            agree += a[i] == b[i] ? 1 : 0;
            pa += a[i] ? 1 : 0;
            pb += b[i] ? 1 : 0;
        }
        double po = (double) agree / n;
        double qa = (double) pa / n;
        double qb = (double) pb / n;
        double pe = qa * qb + (1 - qa) * (1 - qb);
        return pe == 1 ? Double.NaN : (po - pe) / (1 - pe);
    }

    private static String pct(double[] w) {
        if (Double.isNaN(w[0])) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f)", 100 * w[0], 100 * w[1], 100 * w[2]);
    }

    private static String markdown(List<Metrics> ms, double[][] kappa, int n) {
        StringBuilder sb = new StringBuilder();
        long poor = ms.isEmpty() ? 0 : ms.get(0).tp() + ms.get(0).fn();
        sb.append("Patients: ").append(n).append(" (poor outcome: ").append(poor).append(")\n\n");
        sb.append("| # | rule | flagged | sensitivity | specificity | PPV | NPV | median first flag | NOT occasions per patient |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < ms.size(); i++) {
            Metrics m = ms.get(i);
            sb.append("| ").append(i + 1).append(" | `").append(m.rule()).append("` | ").append(m.flagged()).append(" | ")
                    .append(pct(wilson(m.tp(), m.tp() + m.fn()))).append(" | ").append(pct(wilson(m.tn(), m.tn() + m.fp())))
                    .append(" | ").append(pct(wilson(m.tp(), m.tp() + m.fp()))).append(" | ")
                    .append(pct(wilson(m.tn(), m.tn() + m.fn()))).append(" | ")
                    .append(Double.isNaN(m.medianFirstFlag()) ? "—" : fmt(m.medianFirstFlag())).append(" | ")
                    .append(Double.isNaN(m.flagsPerPatient()) ? "—" : String.format(Locale.ROOT, "%.2f", m.flagsPerPatient()))
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

    private static String json(List<Metrics> ms, double[][] kappa, int n) {
        ObjectNode root = Common.NODES.objectNode();
        root.put("patients", n);
        ArrayNode arr = root.putArray("rules");
        for (Metrics m : ms) {
            ObjectNode o = arr.addObject();
            o.put("rule", m.rule()).put("flagged", m.flagged()).put("tp", m.tp()).put("fp", m.fp()).put("tn", m.tn())
                    .put("fn", m.fn());
            put(o, "sensitivity", wilson(m.tp(), m.tp() + m.fn()));
            put(o, "specificity", wilson(m.tn(), m.tn() + m.fp()));
            put(o, "ppv", wilson(m.tp(), m.tp() + m.fp()));
            put(o, "npv", wilson(m.tn(), m.tn() + m.fn()));
            if (!Double.isNaN(m.medianFirstFlag())) {
                o.put("median_first_flag", m.medianFirstFlag());
            }
            if (!Double.isNaN(m.flagsPerPatient())) {
                o.put("not_occasions_per_patient", m.flagsPerPatient());
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

    private static void put(ObjectNode o, String name, double[] w) {
        if (Double.isNaN(w[0])) {
            o.putNull(name);
        } else {
            o.putObject(name).put("estimate", w[0]).put("low", w[1]).put("high", w[2]);
        }
    }
}
