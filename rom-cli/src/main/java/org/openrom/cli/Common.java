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
        RuleEnvironment.Builder env = RuleEnvironment.builder().instruments(instruments);
        external.values().forEach(env::scale);
        RuleEnvironment e = env.build();
        RuleRegistry registry = RuleRegistry.loadDefault();
        List<TrackRule> out = new ArrayList<>();
        for (String s : specs) {
            out.add(registry.create(s, e));
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

    /** Evaluates a rule on a patient's history: the series of its scales. */
    static List<TrackAssessment> evaluate(TrackRule rule, PatientHistory p) {
        List<ScoreSeries> in = new ArrayList<>();
        for (String s : rule.scales()) {
            in.add(p.series(s));
        }
        return rule.evaluate(in);
    }

    /** Progress on stderr for long runs: a line every {@code every} patients. */
    static final class Progress {
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private long count;

        Progress(PrintWriter err) {
            this.err = err;
        }

        void tick() {
            count++;
            if (count % 100_000 == 0) {
                err.printf("rom: %,d patients (%.0f s)%n", count, (System.nanoTime() - start) / 1e9);
                err.flush();
            }
        }

        long count() {
            return count;
        }
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
