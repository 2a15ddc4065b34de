package org.openrom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openrom.io.CohortInput;
import org.openrom.core.history.PatientHistory;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.ScoreSeries;
import org.openrom.core.track.TrackAssessment;
import org.openrom.core.track.TrackRule;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Shared pieces of the commands. */
final class Common {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Common() {
    }

    /**
     * Refuses outputs that would overwrite an input or each other: a usage error (exit 2) before anything is read.
     */
    static void checkPaths(picocli.CommandLine.Model.CommandSpec spec, org.openrom.cli.io.OutputPaths paths) {
        try {
            paths.verify();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Converts a finite decimal number: NaN and the infinities are usage errors, not values. */
    static final class FiniteDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a decimal number, got " + org.openrom.core.SafeText.show(value));
            }
            if (!Double.isFinite(d)) {
                throw new TypeConversionException("expected a finite decimal number, got " + value);
            }
            return d;
        }
    }

    /** Converts {@code lower-is-better|higher-is-better}. */
    static final class DirectionConverter implements ITypeConverter<Direction> {
        @Override
        public Direction convert(String value) {
            switch (value) {
                case "lower-is-better":
                    return Direction.LOWER_IS_BETTER;
                case "higher-is-better":
                    return Direction.HIGHER_IS_BETTER;
                default:
                    throw new TypeConversionException("expected lower-is-better or higher-is-better, got '" + value + "'");
            }
        }
    }

    /**
     * Creates rules; scales of score-level files become external scales. Reads the file's scale names first when
     * the file is score-level, so that rules can name them.
     */
    static List<TrackRule> rules(List<String> specs, InstrumentRegistry instruments, Map<String, Scale> external) {
        return rules(specs, instruments, external, Map.of());
    }

    /** Creates rules with named reference cohorts (for rules fitted from data). */
    static List<TrackRule> rules(List<String> specs, InstrumentRegistry instruments, Map<String, Scale> external,
            Map<String, List<org.openrom.core.track.ScoreSeries>> references) {
        RuleEnvironment.Builder env = RuleEnvironment.builder().instruments(instruments);
        external.values().forEach(env::scale);
        references.forEach(env::reference);
        RuleEnvironment e = env.build();
        RuleRegistry registry = RuleRegistry.loadDefault();
        List<TrackRule> out = new ArrayList<>();
        java.util.Set<String> canonical = new java.util.HashSet<>();
        for (String s : specs) {
            try {
                TrackRule r = registry.create(s, e);
                // the same rule twice (perhaps spelled two ways) would give every assessment twice
                if (!canonical.add(r.ref().spec())) {
                    throw new org.openrom.core.RuleSpecException("--rule " + org.openrom.core.SafeText.excerpt(s)
                            + ": the same rule as an earlier --rule (" + org.openrom.core.SafeText.excerpt(r.ref().spec())
                            + "); give each rule once");
                }
                out.add(r);
            } catch (org.openrom.core.RomException ex) {
                if (references.isEmpty() && String.valueOf(ex.getMessage()).contains("reference cohort")) {
                    throw new org.openrom.core.RuleSpecException(ex.getMessage() + ". Give the cohort with --reference "
                            + "NAME=FILE (or, in rom compare, fit it on part of the input with --split or --folds and "
                            + "reference=training)");
                }
                throw ex;
            }
        }
        return out;
    }

    /**
     * Reads the reference cohorts of {@code --reference [NAME=]FILE}: every series of every patient of the file, under
     * NAME, or the file's name when none is given (so {@code --reference cohort.csv} answers {@code reference=cohort.csv}).
     *
     * @param spec the command (for usage errors)
     * @param options the option values
     * @param instruments the installed instruments
     * @param direction the direction of external scales
     * @param files receives each file by its option text, for the manifest
     * @return the cohorts by name
     */
    static Map<String, List<org.openrom.core.track.ScoreSeries>> references(picocli.CommandLine.Model.CommandSpec spec,
            List<String> options, InstrumentRegistry instruments, Direction direction, Map<String, Path> files)
            throws java.io.IOException {
        Map<String, List<org.openrom.core.track.ScoreSeries>> out = new java.util.TreeMap<>();
        for (String o : options == null ? List.<String>of() : options) {
            int eq = o.indexOf('=');
            Path file = Path.of(eq < 0 ? o : o.substring(eq + 1));
            String name = eq < 0 ? String.valueOf(file.getFileName()) : o.substring(0, eq);
            if (name.isBlank() || !java.nio.file.Files.isRegularFile(file)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reference: got "
                        + org.openrom.core.SafeText.show(o) + ", expected [NAME=]FILE naming a readable cohort file");
            }
            if (out.containsKey(name)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reference: the name " + name
                        + " is given twice");
            }
            List<org.openrom.core.track.ScoreSeries> series = new ArrayList<>();
            CohortInput in = CohortInput.open(file, null, instruments, direction, spec.commandLine().getErr());
            in.forEachPatient(p -> p.scales().forEach(s -> series.add(p.series(s))));
            out.put(name, series);
            files.put("--reference " + name, file);
        }
        return out;
    }

    /**
     * Scans a score-level file once for its scale names (needed before rules are created) and its order; the same
     * input object then streams the file once more and fails if the bytes differ from this pass.
     */
    static Map<String, Scale> externalScales(CohortInput input) throws java.io.IOException {
        if (input.format() != CohortInput.Format.SCORES) {
            return Map.of();
        }
        return input.scan();
    }

    /**
     * Creates the rules for an input: a score-level file is scanned for its external scales ({@link #externalScales})
     * only when a rule cannot be created without them, so that rules on installed scales do not wait for a pass over the
     * whole file.
     */
    static List<TrackRule> rules(List<String> specs, InstrumentRegistry instruments, CohortInput input,
            Map<String, List<org.openrom.core.track.ScoreSeries>> references) throws java.io.IOException {
        if (input.format() == CohortInput.Format.SCORES) {
            try {
                return rules(specs, instruments, Map.of(), references);
            } catch (org.openrom.core.RomException e) {
                // a rule may read a scale that only the file names: scan it and create the rules again
            }
        }
        return rules(specs, instruments, externalScales(input), references);
    }

    /** Evaluates a rule on a patient's history: the series of its scales. */
    static List<TrackAssessment> evaluate(TrackRule rule, PatientHistory p) {
        List<ScoreSeries> in = new ArrayList<>();
        for (String s : rule.scales()) {
            in.add(p.series(s));
        }
        return rule.evaluate(in);
    }

    /**
     * A rule that evaluated nobody is a silent failure: when no rule evaluated any patient the run is an error (exit
     * 3, nothing written); when some did, each rule that did not is a warning naming its scales.
     *
     * @param run the run (for warnings)
     * @param rules the rules, in order
     * @param evaluated per rule index, how many patients it evaluated
     * @param in the input file (named in the error)
     */
    static void requireEvaluated(Run run, List<TrackRule> rules, java.util.function.IntUnaryOperator evaluated, Path in) {
        List<String> idle = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (evaluated.applyAsInt(i) == 0) {
                idle.add(rules.get(i).ref().id() + " (reads " + String.join(", ", rules.get(i).scales()) + ")");
            }
        }
        if (idle.isEmpty()) {
            return;
        }
        if (idle.size() == rules.size()) {
            throw new org.openrom.core.DataFormatException(in.getFileName().toString(), 0, 0, "nothing evaluated: none of "
                    + run.patients() + " patients has an observation of the scales the rules read: " + String.join("; ", idle)
                    + ". Check the scale names (rom instruments lists the installed ones)", null);
        }
        for (String r : idle) {
            run.warn("rule " + r + " evaluated no patient: no patient has an observation of its scales");
        }
    }

    /**
     * {@code --format} is the output's format in every command ({@code --input-format} the input's): a value that is
     * an input format gets a hint.
     */
    static void requireOutputFormat(picocli.CommandLine.Model.CommandSpec spec, String format, List<String> accepted) {
        if (!accepted.contains(format)) {
            boolean input = List.of("tidy", "scores").contains(format) || format.equals("jsonl") && !accepted.contains("jsonl");
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format: got "
                    + org.openrom.core.SafeText.show(format) + ", expected " + oneOf(accepted)
                    + (input ? " (--format is the output's format; the input's is --input-format)" : ""));
        }
    }

    /** @return "a", "a or b", "a, b or c" */
    static String oneOf(List<String> values) {
        int n = values.size();
        return n <= 1 ? String.join("", values) : String.join(", ", values.subList(0, n - 1)) + " or " + values.get(n - 1);
    }

    /** @return patients left out, by reason: "12 no score of hamd; 3 fewer than …", or "none left out" */
    static String reasons(Map<String, Integer> byReason) {
        StringBuilder sb = new StringBuilder();
        byReason.forEach((why, n) -> sb.append(sb.length() == 0 ? "" : "; ").append(n).append(' ').append(why));
        return sb.length() == 0 ? "none left out" : sb.toString();
    }

    /** Adds the files of {@code --reference [NAME=]FILE} options to the inputs an output must not overwrite. */
    static org.openrom.cli.io.OutputPaths referenceInputs(org.openrom.cli.io.OutputPaths paths, List<String> references) {
        if (references != null) {
            references.forEach(ref -> paths.input("--reference", Path.of(ref.substring(ref.indexOf('=') + 1))));
        }
        return paths;
    }

    /** Rejects a page language the renderer does not speak, listing those it does. */
    static void requireLanguage(picocli.CommandLine.Model.CommandSpec spec, String lang) {
        if (!org.openrom.report.ReportRenderer.languages().contains(lang)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lang: got "
                    + org.openrom.core.SafeText.show(lang) + ", expected one of "
                    + String.join(", ", org.openrom.report.ReportRenderer.languages()));
        }
    }
}
