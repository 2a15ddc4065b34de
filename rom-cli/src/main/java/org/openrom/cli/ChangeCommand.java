package org.openrom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
import org.openrom.rules.change.PatientChange;
import org.openrom.rules.change.PrePost;
import org.openrom.rules.change.RciMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rom change}: clinicalsignificance-style cohort change analysis. */
@Command(name = "change", mixinStandardHelpOptions = true,
        description = "Cohort change analysis like the R package clinicalsignificance: reliable change by the chosen "
                + "method, optional cut-off, categories and counts. Sample statistics (M, SD, correlation) come from the "
                + "complete pre/post pairs.")
final class ChangeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, description = "item-level CSV, score-level CSV or JSON Lines")
    Path in;

    @Option(names = "--scale", required = true, description = "the scale, e.g. odsis.total or hamd")
    String scale;

    @Option(names = "--pre", required = true, description = "the pre occasion")
    int pre;

    @Option(names = "--post", required = true, description = "the post occasion")
    int post;

    @Option(names = "--method", defaultValue = "jt", description = "jt, gln, hll, en, nk or ha (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--reliability", converter = Common.FiniteDouble.class, required = true, description = "the instrument's reliability, in (0, 1)")
    double reliability;

    @Option(names = "--sd-pre", converter = Common.FiniteDouble.class, description = "a published pre SD instead of the sample's")
    Double sdPre;

    @Option(names = "--critical", converter = Common.FiniteDouble.class, description = "critical |index| (default: the method's)")
    Double critical;

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

    @Option(names = "--format", defaultValue = "json", description = "json or csv (default: ${DEFAULT-VALUE})")
    String outputFormat;

    @Option(names = "--input-format", description = "tidy, scores or jsonl (default: detected)")
    String inputFormat;

    @Option(names = "--out", description = "output file, or - for stdout (default: stdout). A file is written "
            + "atomically and owner-only; on stdout a failure may leave partial output")
    Path out;

    @Option(names = "--sorted", description = "the input is sorted by patient: stream it (one patient in memory, no sort runs on disk, "
            + "about twice as fast on large files); a patient out of order is an error")
    boolean sorted;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out));
        RciMethod m;
        try {
            m = RciMethod.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--method " + method + ": expected one of jt, gln, hll, en, nk, ha");
        }
        if (!outputFormat.equals("json") && !outputFormat.equals("csv")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--format " + outputFormat + ": expected json or csv");
        }
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        Direction dir = direction != null ? direction
                : reg.findScale(scale).map(Scale::direction).orElse(Direction.LOWER_IS_BETTER);
        CohortInput input = CohortInput.open(in, inputFormat, reg, dir, spec.commandLine().getErr());
        if (sorted) {
            input.sortedByPatient();
        }
        List<PrePost> pairs = new ArrayList<>();
        int[] seen = {0};
        input.forEachPatient(p -> {
            ScoreSeries s = p.series(scale);
            if (!p.scales().isEmpty()) {
                seen[0]++;
            }
            int i = indexOf(s, pre);
            int j = indexOf(s, post);
            if (i >= 0 && j >= 0) {
                pairs.add(new PrePost(p.patientId(), s.value(i), s.value(j)));
            }
        });
        if (reg.findScale(scale).isEmpty() && !input.externalScales().containsKey(scale)) {
            throw new ValidationException("rom change", "--scale", scale, "a scale present in the input");
        }
        ChangeStatistics.Options o = ChangeStatistics.options(m, reliability, dir);
        if (sdPre != null) {
            o.sdPre(sdPre);
        }
        if (critical != null) {
            o.critical(critical);
        }
        if (cutoff != null) {
            Cutoffs.Kind kind;
            try {
                kind = Cutoffs.Kind.valueOf(cutoff.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--cutoff " + cutoff + ": expected a, b or c");
            }
            o.cutoff(kind, cutoffVariant.equals("package") ? Cutoffs.Variant.PACKAGE : Cutoffs.Variant.JT,
                    mFunctional == null ? Double.NaN : mFunctional, sdFunctional == null ? Double.NaN : sdFunctional);
        }
        ChangeAnalysis a = ChangeStatistics.analyse(pairs, o);
        try (AtomicOutput w = AtomicOutput.open(out, spec.commandLine().getOut())) {
            if (outputFormat.equals("csv")) {
                CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w.writer());
                csv.writeRecord("patient_id", "pre", "post", "change", "index", "category");
                for (PatientChange c : a.patients()) {
                    csv.writeRecord(org.openrom.cli.io.CsvCells.text(c.patientId()), num(c.pre()), num(c.post()),
                            num(c.change()), String.valueOf(c.index()), c.category().label());
                }
                csv.flush();
            } else {
                ObjectNode root = Common.NODES.objectNode();
                ArrayNode ps = root.putArray("patients");
                for (PatientChange c : a.patients()) {
                    ps.addObject().put("patient_id", c.patientId()).put("pre", c.pre()).put("post", c.post())
                            .put("change", c.change()).put("index", c.index()).put("category", c.category().label());
                }
                ObjectNode s = root.putObject("summary");
                s.put("scale", scale).put("method", m.name().toLowerCase(Locale.ROOT)).put("pre", pre).put("post", post)
                        .put("n", a.n()).put("excluded", seen[0] - a.n()).put("reliability", reliability)
                        .put("m_pre", a.meanPre()).put("sd_pre", a.sdPre()).put("m_post", a.meanPost()).put("sd_post", a.sdPost());
                if (Double.isFinite(a.correlation())) {
                    s.put("r_pre_post", a.correlation());
                }
                s.put("s_diff", a.standardErrorOfDifference()).put("critical", a.critical());
                a.cutoff().ifPresent(c -> s.put("cutoff", c));
                ObjectNode counts = s.putObject("counts");
                for (Map.Entry<ChangeCategory, Integer> e : a.summary().entrySet()) {
                    counts.put(e.getKey().label(), e.getValue());
                }
                w.writer().write(root.toPrettyString());
                w.writer().write('\n');
            }
            w.commit();
        }
        return 0;
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
