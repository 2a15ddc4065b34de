package org.openrom.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.io.CohortInput;
import org.openrom.core.ValidationException;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.ScoreSeries;
import org.openrom.rules.change.ChangeAnalysis;
import org.openrom.rules.change.ChangeCategory;
import org.openrom.rules.change.ChangeStatistics;
import org.openrom.rules.change.Cutoffs;
import org.openrom.rules.change.GroupComparison;
import org.openrom.rules.change.PatientChange;
import org.openrom.rules.change.RciMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rom change}: clinicalsignificance-style cohort change analysis. */
@Command(name = "change", mixinStandardHelpOptions = true,
        description = "Cohort change analysis like the R package clinicalsignificance: reliable change by the chosen "
                + "method, optional cut-off, categories and counts. Sample statistics (M, SD, correlation) come from the "
                + "complete pre/post pairs.")
final class ChangeCommand extends CohortCommand {
    @Option(names = "--scale", required = true, description = "the scale, e.g. odsis.total or hamd")
    String scale;

    @Option(names = "--pre", description = "the pre occasion (required, except for hlm: there the first occasion used)")
    Integer pre;

    @Option(names = "--post", description = "the post occasion (required, except for hlm: there the last occasion used)")
    Integer post;

    @Option(names = "--method", defaultValue = "jt", description = "jt, gln, hll, en, nk, ha, or hlm (every observation, a "
            + "multilevel model) (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--reliability", converter = Common.FiniteDouble.class, description = "the instrument's reliability, "
            + "in (0, 1) (required, except for hlm)")
    Double reliability;

    @Option(names = "--sd-pre", converter = Common.FiniteDouble.class, description = "a published pre SD instead of the sample's")
    Double sdPre;

    @Option(names = "--critical", converter = Common.FiniteDouble.class, description = "critical |index| (default: the "
            + "method's, from --critical-values)")
    Double critical;

    @Option(names = "--critical-values", defaultValue = "2.x", description = "the default critical values of "
            + "clinicalsignificance 2.x (1.959964 for every method, one-sided 1.644854 for HA) or 1.x (1.96; EN 2; HA 1.65) "
            + "(default: ${DEFAULT-VALUE})")
    String criticalValues;

    @Option(names = "--reliability-post", converter = Common.FiniteDouble.class, description = "the reliability at post, "
            + "in (0, 1), for --method nk (default: --reliability)")
    Double reliabilityPost;

    @Option(names = "--cutoff-tie", defaultValue = "neither", description = "where a score exactly at the cut-off belongs: "
            + "neither (default: from the definitions), package (clinicalsignificance 2.x) or clinical")
    String cutoffTie;

    @Option(names = "--cutoff", description = "a, b or c: add recovered/harmed")
    String cutoff;

    @Option(names = "--m-functional", converter = Common.FiniteDouble.class, description = "functional mean M0 (cut-offs b, c)")
    Double mFunctional;

    @Option(names = "--sd-functional", converter = Common.FiniteDouble.class, description = "functional SD SD0 (cut-offs b, c)")
    Double sdFunctional;

    @Option(names = "--cutoff-variant", defaultValue = "jt", description = "jt (functional SD) or package (clinical SD) for b")
    String cutoffVariant;

    @Option(names = "--direction", converter = Common.DirectionConverter.class,
            description = "lower-is-better or higher-is-better (default: the installed scale's, else lower-is-better)")
    Direction direction;

    @Option(names = "--plot", description = "also write an SVG pre-post scatter: the band of change that is not reliable, "
            + "the cut-off, each patient's category (not with --method hlm)")
    java.nio.file.Path plot;

    @Option(names = "--format", defaultValue = "json", description = "json or csv (default: ${DEFAULT-VALUE})")
    String outputFormat;

    @Option(names = "--by-group", description = "also compare the categories between the input's groups (group_id: "
            + "treatment arms, services or therapy groups): counts per group and Pearson's chi-square test")
    boolean byGroup;

    @picocli.CommandLine.Mixin
    RunOptions run;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out)
                .output("--plot", plot).output("--manifest", run.manifest));
        occasionsInOrder();
        if (method.equalsIgnoreCase("hlm")) {
            return hlm();
        }
        RciMethod m = choice("--method", method, RciMethod.class, "jt, gln, hll, en, nk, ha, hlm");
        for (Object[] o : new Object[][] {{"--pre", pre}, {"--post", post}, {"--reliability", reliability}}) {
            if (o[1] == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '" + o[0]
                        + "' (every method but hlm needs --pre, --post and --reliability)");
            }
        }
        Common.requireOutputFormat(spec, outputFormat, List.of("json", "csv"));
        if (reliabilityPost != null && m != RciMethod.NK) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reliability-post: only --method nk "
                    + "uses a post reliability");
        }
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        Direction dir = direction(reg);
        ChangeStatistics.Options o = options(m, dir);
        CohortInput input = openScaleInput(reg, dir);
        Pairs pairs = new Pairs();
        Map<String, String> groupOf = new java.util.HashMap<>();
        Map<String, Integer> excluded = new java.util.TreeMap<>();
        try (Run r = Run.start(spec, run)) {
            r.input("--in", in).output("--out", out).parameter("scale", scale).parameter("method", method)
                    .parameter("pre", pre).parameter("post", post).parameter("reliability", reliability)
                    .parameter("critical_values", criticalValues).parameter("cutoff_tie", cutoffTie);
            input.forEachPatient(p -> {
                r.tick();
                ScoreSeries s = p.series(scale);
                int i = indexOf(s, pre);
                int j = indexOf(s, post);
                if (i >= 0 && j >= 0) {
                    pairs.add(p.patientId(), s.value(i), s.value(j));
                    p.groupId().ifPresent(g -> groupOf.put(p.patientId(), g));
                } else {
                    String why = s.size() == 0 ? "no score of " + scale : i < 0 && j < 0 ? "no score at the pre or the post "
                            + "occasion" : i < 0 ? "no score at the pre occasion " + pre : "no score at the post occasion " + post;
                    excluded.merge(why, 1, Integer::sum);
                }
            });
            long seen = r.patients();
            String reasons = excluded.isEmpty() ? "" : Common.reasons(excluded);
            if (pairs.size() < 2) {
                throw new org.openrom.core.DataFormatException(in.getFileName().toString(), 0, 0, "nothing to analyse: "
                        + pairs.size() + " of " + seen + " patients have scores of " + scale + " at both occasion " + pre
                        + " and occasion " + post + " (at least 2 needed)" + (reasons.length() == 0 ? "" : "; left out: "
                        + reasons), null);
            }
            if (!excluded.isEmpty()) {
                r.warn((seen - pairs.size()) + " of " + seen + " patients left out: " + reasons);
            }
            ChangeAnalysis a = ChangeStatistics.analyse(pairs.ids(), pairs.pre(), pairs.post(), o);
            GroupComparison groups = byGroup ? groups(r, a, groupOf) : null;
            GroupComparison byGroups = groups;
            try (AtomicOutput w = AtomicOutput.open(out, spec.commandLine().getOut())) {
                if (outputFormat.equals("csv")) {
                    writeCsv(w.writer(), a, byGroups == null ? null : groupOf);
                } else {
                    writeJson(w.writer(), a, m, seen, excluded, byGroups);
                }
                w.commit();
            }
            if (plot != null) {
                try (AtomicOutput w = AtomicOutput.open(plot)) {
                    w.writer().write(ChangePlot.svg(a, scale, dir));
                    w.commit();
                }
            }
            r.finish(String.format(Locale.ROOT, "%,d patients, %,d with both occasions", seen, a.n()));
        }
        return 0;
    }

    /** The options of the analysis: method, reliability, critical values, ties at the cut-off, the optional values. */
    private ChangeStatistics.Options options(RciMethod m, Direction dir) {
        RciMethod.CriticalValues values;
        switch (criticalValues) {
            case "2.x":
                values = RciMethod.CriticalValues.CLINICALSIGNIFICANCE_2;
                break;
            case "1.x":
                values = RciMethod.CriticalValues.CLINICALSIGNIFICANCE_1;
                break;
            default:
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--critical-values: got "
                        + org.openrom.core.SafeText.show(criticalValues) + ", expected 2.x or 1.x");
        }
        Cutoffs.Tie tie = choice("--cutoff-tie", cutoffTie, Cutoffs.Tie.class, "neither, package, clinical");
        ChangeStatistics.Options o = ChangeStatistics.options(m, reliability, dir).criticalValues(values).tie(tie);
        if (sdPre != null) {
            o.sdPre(sdPre);
        }
        if (critical != null) {
            o.critical(critical);
        }
        if (reliabilityPost != null) {
            o.reliabilityPost(reliabilityPost);
        }
        if (cutoff != null) {
            Cutoffs.Kind kind = choice("--cutoff", cutoff, Cutoffs.Kind.class, "a, b, c");
            o.cutoff(kind, cutoffVariant.equals("package") ? Cutoffs.Variant.PACKAGE : Cutoffs.Variant.JT,
                    mFunctional == null ? Double.NaN : mFunctional, sdFunctional == null ? Double.NaN : sdFunctional);
        }
        return o;
    }

    /** The comparison of the therapy groups' change categories (--by-group), with its warnings. */
    private GroupComparison groups(Run r, ChangeAnalysis a, Map<String, String> groupOf) {
        if (groupOf.isEmpty()) {
            throw new org.openrom.core.DataFormatException(in.getFileName().toString(), 0, 0, "--by-group: no "
                    + "patient with both occasions has a group_id", null);
        }
        GroupComparison groups = GroupComparison.of(a, groupOf::get);
        if (groupOf.size() < a.n()) {
            r.warn((a.n() - groupOf.size()) + " of " + a.n() + " patients have no group_id and are left out of the "
                    + "group comparison");
        }
        if (groups.sparse()) {
            r.warn("more than 20% of the expected counts of the group comparison are below 5: its chi-square "
                    + "p-value is an approximation of little worth (Cochran 1954)");
        }
        return groups;
    }

    /** --pre and --post: occasions, the post one after the pre one (a change from a session to itself is no change). */
    private void occasionsInOrder() {
        for (Object[] o : new Object[][] {{"--pre", pre}, {"--post", post}}) {
            if (o[1] != null && (Integer) o[1] < 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), o[0] + ": got " + o[1]
                        + ", expected an occasion >= 0");
            }
        }
        if (pre != null && post != null && post <= pre) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--post: got " + post + ", expected an "
                    + "occasion after --pre " + pre);
        }
    }

    /** {@code --method hlm}: every observation between --pre and --post (default: all), a multilevel model. */
    private Integer hlm() throws IOException {
        Common.requireOutputFormat(spec, outputFormat, List.of("json", "csv"));
        for (Object[] o : new Object[][] {{"--reliability", reliability}, {"--sd-pre", sdPre}, {"--cutoff", cutoff},
            {"--reliability-post", reliabilityPost}, {"--plot", plot}}) {
            if (o[1] != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), o[0] + ": not used by --method hlm "
                        + "(a multilevel model of every observation; no reliability, SD, cut-off or pre-post plot)");
            }
        }
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        Direction dir = direction(reg);
        CohortInput input = openScaleInput(reg, dir);
        List<ScoreSeries> series = new java.util.ArrayList<>();
        int[] without = {0};
        try (Run r = Run.start(spec, run)) {
            r.input("--in", in).output("--out", out).parameter("scale", scale).parameter("method", "hlm");
            input.forEachPatient(p -> {
                r.tick();
                ScoreSeries s = p.series(scale);
                if (pre != null) {
                    s = s.from(pre);
                }
                if (post != null) {
                    s = s.upTo(post);
                }
                if (s.size() < org.openrom.rules.change.MultilevelChange.PACKAGE_MIN_OBSERVATIONS) {
                    without[0]++;
                } else {
                    series.add(s);
                }
            });
            if (without[0] > 0) {
                r.warn(without[0] + " of " + r.patients() + " patients left out: fewer than "
                        + org.openrom.rules.change.MultilevelChange.PACKAGE_MIN_OBSERVATIONS + " scores of " + scale
                        + (pre != null || post != null ? " in the occasions asked for" : ""));
            }
            org.openrom.rules.change.MultilevelChange.Result h = org.openrom.rules.change.MultilevelChange.fit(series, dir,
                    critical != null ? critical : org.openrom.rules.change.MultilevelChange.PACKAGE_CRITICAL);
            if (!h.converged()) {
                r.warn("the REML fit did not converge in " + h.iterations() + " deviance evaluations: the estimates are the best "
                        + "iterate");
            }
            try (AtomicOutput w = AtomicOutput.open(out, spec.commandLine().getOut())) {
                if (outputFormat.equals("csv")) {
                    writeHlmCsv(w.writer(), h);
                } else {
                    writeHlmJson(w.writer(), h, without[0]);
                }
                w.commit();
            }
            r.finish(String.format(Locale.ROOT, "%,d patients, REML in %d deviance evaluations, -2 REML log-likelihood "
                    + "%.3f; variances: intercept %.3f, slope %.3f, covariance %.3f, residual %.3f", h.patients().size(),
                    h.iterations(), h.remlCriterion(), h.interceptVariance(), h.slopeVariance(), h.covariance(),
                    h.residualVariance()));
        }
        return 0;
    }

    /** The multilevel change per patient as CSV. */
    private static void writeHlmCsv(java.io.Writer out, org.openrom.rules.change.MultilevelChange.Result h)
            throws IOException {
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        csv.writeRecord("patient_id", "observations", "slope_deviation", "sd", "index", "category");
        for (org.openrom.rules.change.MultilevelChange.Patient p : h.patients()) {
            csv.writeRecord(org.openrom.cli.io.CsvCells.text(p.patientId()), String.valueOf(p.observations()),
                    String.valueOf(p.slopeDeviation()), String.valueOf(p.sd()), String.valueOf(p.index()),
                    p.category().label());
        }
        csv.flush();
    }

    /** The multilevel change per patient and the fitted model, as JSON. */
    private void writeHlmJson(java.io.Writer out, org.openrom.rules.change.MultilevelChange.Result h, int excluded)
            throws IOException {
        com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory()
                .createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeArrayFieldStart("patients");
        for (org.openrom.rules.change.MultilevelChange.Patient p : h.patients()) {
            g.writeStartObject();
            g.writeStringField("patient_id", p.patientId());
            g.writeNumberField("observations", p.observations());
            g.writeNumberField("slope_deviation", p.slopeDeviation());
            g.writeNumberField("sd", p.sd());
            g.writeNumberField("index", p.index());
            g.writeStringField("category", p.category().label());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("summary");
        g.writeStringField("scale", scale);
        g.writeStringField("method", "hlm");
        g.writeNumberField("n", h.patients().size());
        g.writeNumberField("excluded", excluded);
        g.writeNumberField("intercept", h.intercept());
        g.writeNumberField("slope", h.slope());
        g.writeNumberField("intercept_variance", h.interceptVariance());
        g.writeNumberField("covariance", h.covariance());
        g.writeNumberField("slope_variance", h.slopeVariance());
        g.writeNumberField("residual_variance", h.residualVariance());
        g.writeNumberField("reml_criterion", h.remlCriterion());
        g.writeNumberField("iterations", h.iterations());
        g.writeBooleanField("converged", h.converged());
        g.writeNumberField("critical", h.critical());
        g.writeObjectFieldStart("counts");
        for (ChangeCategory c : List.of(ChangeCategory.IMPROVED, ChangeCategory.UNCHANGED,
                ChangeCategory.DETERIORATED)) {
            g.writeNumberField(c.label(), h.counts().get(c));
        }
        g.writeEndObject();
        java.util.Map<ChangeCategory, Integer> shown = new java.util.LinkedHashMap<>();
        for (ChangeCategory c : List.of(ChangeCategory.IMPROVED, ChangeCategory.UNCHANGED, ChangeCategory.DETERIORATED)) {
            shown.put(c, h.counts().get(c));
        }
        percentages(g, shown, h.patients().size());
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    /** @return {@code --direction}, else the installed scale's, else lower-is-better */
    private Direction direction(InstrumentRegistry reg) {
        return direction != null ? direction : reg.findScale(scale).map(Scale::direction).orElse(Direction.LOWER_IS_BETTER);
    }

    /** Opens the input and checks that {@code --scale} is installed or in it (before anything is read). */
    private CohortInput openScaleInput(InstrumentRegistry reg, Direction dir) throws IOException {
        CohortInput input = openInput(reg, dir);
        // the file is scanned for the scales it names only when --scale is not installed
        Map<String, Scale> external = reg.findScale(scale).isPresent() ? Map.of() : Common.externalScales(input);
        if (reg.findScale(scale).isEmpty() && !external.containsKey(scale)) {
            throw new ValidationException("rom change", "--scale", scale, "a scale present in the input"
                    + (external.isEmpty() ? " or installed (rom instruments lists them)" : ": one of "
                    + String.join(", ", external.keySet())));
        }
        return input;
    }

    private <E extends Enum<E>> E choice(String option, String value, Class<E> type, String accepted) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + ": got "
                    + org.openrom.core.SafeText.show(value) + ", expected one of " + accepted);
        }
    }

    private static void writeCsv(java.io.Writer out, ChangeAnalysis a, Map<String, String> groupOf) throws IOException {
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        if (groupOf == null) {
            csv.writeRecord("patient_id", "pre", "post", "change", "index", "category");
        } else {
            csv.writeRecord("patient_id", "group_id", "pre", "post", "change", "index", "category");
        }
        for (PatientChange c : a.patients()) {
            String id = org.openrom.cli.io.CsvCells.text(c.patientId());
            if (groupOf == null) {
                csv.writeRecord(id, num(c.pre()), num(c.post()), num(c.change()), String.valueOf(c.index()),
                        c.category().label());
            } else {
                String g = groupOf.get(c.patientId());
                csv.writeRecord(id, g == null ? "" : org.openrom.cli.io.CsvCells.text(g), num(c.pre()), num(c.post()),
                        num(c.change()), String.valueOf(c.index()), c.category().label());
            }
        }
        csv.flush();
    }

    /** Streams the JSON: the patients are written one by one, never held as a tree. */
    private void writeJson(java.io.Writer out, ChangeAnalysis a, RciMethod m, long seen, Map<String, Integer> excluded,
            GroupComparison groups) throws IOException {
        com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeArrayFieldStart("patients");
        for (PatientChange c : a.patients()) {
            g.writeStartObject();
            g.writeStringField("patient_id", c.patientId());
            g.writeNumberField("pre", c.pre());
            g.writeNumberField("post", c.post());
            g.writeNumberField("change", c.change());
            g.writeNumberField("index", c.index());
            g.writeStringField("category", c.category().label());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("summary");
        g.writeStringField("scale", scale);
        g.writeStringField("method", m.name().toLowerCase(Locale.ROOT));
        g.writeNumberField("pre", pre);
        g.writeNumberField("post", post);
        g.writeNumberField("n", a.n());
        g.writeNumberField("excluded", seen - a.n());
        g.writeObjectFieldStart("excluded_by_reason");
        for (Map.Entry<String, Integer> e : excluded.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("reliability", reliability);
        if (m == RciMethod.NK) {
            g.writeNumberField("reliability_post", a.parameters().reliabilityPost());
        }
        g.writeNumberField("m_pre", a.meanPre());
        g.writeNumberField("sd_pre", a.sdPre());
        g.writeNumberField("m_post", a.meanPost());
        g.writeNumberField("sd_post", a.sdPost());
        if (Double.isFinite(a.correlation())) {
            g.writeNumberField("r_pre_post", a.correlation());
        }
        g.writeNumberField("s_diff", a.standardErrorOfDifference());
        g.writeNumberField("critical", a.critical());
        g.writeStringField("critical_values", a.criticalValues() == RciMethod.CriticalValues.CLINICALSIGNIFICANCE_2
                ? "clinicalsignificance 2.x" : "clinicalsignificance 1.x");
        if (a.cutoff().isPresent()) {
            g.writeNumberField("cutoff", a.cutoff().getAsDouble());
            g.writeStringField("cutoff_kind", a.trueScoreCutoff() ? "true-score (Hageman & Arrindell 1999)"
                    : "Jacobson & Truax 1991");
            g.writeStringField("cutoff_tie", a.tie().name().toLowerCase(Locale.ROOT));
        }
        g.writeObjectFieldStart("counts");
        for (Map.Entry<ChangeCategory, Integer> e : a.summary().entrySet()) {
            g.writeNumberField(e.getKey().label(), e.getValue());
        }
        g.writeEndObject();
        percentages(g, a.summary(), a.n());
        if (groups != null) {
            writeGroups(g, groups);
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    /** Each category's share of the patients analysed, in percent (as the package's summary table gives it). */
    private static void percentages(com.fasterxml.jackson.core.JsonGenerator g, Map<ChangeCategory, Integer> counts, int n)
            throws IOException {
        g.writeObjectFieldStart("percentages");
        for (Map.Entry<ChangeCategory, Integer> e : counts.entrySet()) {
            g.writeNumberField(e.getKey().label(), n == 0 ? 0 : 100.0 * e.getValue() / n);
        }
        g.writeEndObject();
    }

    /** The comparison of the therapy groups, in the JSON summary. */
    private static void writeGroups(com.fasterxml.jackson.core.JsonGenerator g, GroupComparison groups) throws IOException {
        g.writeObjectFieldStart("by_group");
        g.writeArrayFieldStart("groups");
        for (String group : groups.groups()) {
            g.writeStartObject();
            g.writeStringField("group", group);
            g.writeNumberField("n", groups.counts().get(group).values().stream().mapToInt(Integer::intValue).sum());
            g.writeObjectFieldStart("counts");
            for (Map.Entry<ChangeCategory, Integer> e : groups.counts().get(group).entrySet()) {
                g.writeNumberField(e.getKey().label(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        if (Double.isNaN(groups.chiSquare())) {
            g.writeNullField("chi_square");
        } else {
            g.writeStringField("test", "Pearson's chi-square without continuity correction");
            g.writeNumberField("chi_square", groups.chiSquare());
            g.writeNumberField("df", groups.df());
            g.writeNumberField("p", groups.p());
            g.writeNumberField("cramers_v", groups.cramersV());
            if (!Double.isNaN(groups.chiSquareYates())) {
                // a 2 x 2 table: R's chisq.test corrects by default; both are given, named
                g.writeNumberField("chi_square_yates", groups.chiSquareYates());
                g.writeNumberField("p_yates", groups.pYates());
            }
        }
        g.writeBooleanField("sparse", groups.sparse());
        g.writeEndObject();
    }

    /** The complete pairs, column-wise: about 20 bytes per patient besides the id. */
    private static final class Pairs {
        private String[] ids = new String[1024];
        private double[] pre = new double[1024];
        private double[] post = new double[1024];
        private int n;

        void add(String id, double a, double b) {
            if (n == ids.length) {
                ids = java.util.Arrays.copyOf(ids, n * 2);
                pre = java.util.Arrays.copyOf(pre, n * 2);
                post = java.util.Arrays.copyOf(post, n * 2);
            }
            ids[n] = id;
            pre[n] = a;
            post[n] = b;
            n++;
        }

        int size() {
            return n;
        }

        String[] ids() {
            return java.util.Arrays.copyOf(ids, n);
        }

        double[] pre() {
            return java.util.Arrays.copyOf(pre, n);
        }

        double[] post() {
            return java.util.Arrays.copyOf(post, n);
        }
    }

    private static int indexOf(ScoreSeries s, int occasion) {
        for (int i = 0; i < s.size(); i++) {
            if (s.occasion(i) == occasion) {
                return i;
            }
        }
        return -1;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
