package org.openrom.cli.spi;

import java.util.ArrayList;
import java.util.List;
import org.openrom.core.SafeText;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasurementPeriod;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every command that computes the quality measures shares ({@code rom measure}, and plugins such as
 * {@code rom fhir measure}): which measures, over which period, and how a bare day compares with an instant. A picocli
 * mixin, so that their names, help and checks are the same everywhere.
 */
public final class MeasureOptions {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--measure", defaultValue = "cms159", split = ",", description = "cms159, dep-rem-6, response-12 or "
            + "response-6; several separated by commas (default: ${DEFAULT-VALUE})")
    List<String> measures;

    @Option(names = "--period", required = true, description = "the measurement period: yyyy-mm-dd..yyyy-mm-dd, or a "
            + "calendar year yyyy")
    String period;

    @Option(names = "--comparisons", defaultValue = "published", description = "how a value recorded as a bare day "
            + "compares with an instant on the same day: published (undecided, as the published CQL evaluates it: a "
            + "visit ending as a bare day on the identification period's first or last day does not count) or days "
            + "(every value as its whole day) (default: ${DEFAULT-VALUE})")
    String comparisons;

    /** For picocli. */
    public MeasureOptions() {
    }

    /**
     * @return the measurement period
     * @throws org.openrom.core.ValidationException when it does not parse
     */
    public MeasurementPeriod period() {
        return MeasurementPeriod.parse(period);
    }

    /**
     * @return the measures named, in order, each comparing as {@code --comparisons} says
     * @throws ParameterException when a measure is named twice or {@code --comparisons} is neither value
     * @throws org.openrom.core.UnknownIdException when a measure is not built in, listing those that are
     */
    public List<EpisodeMeasure> measures() {
        EpisodeMeasure.Comparisons cmp = switch (comparisons) {
            case "published" -> EpisodeMeasure.Comparisons.PUBLISHED;
            case "days" -> EpisodeMeasure.Comparisons.DAYS;
            default -> throw new ParameterException(spec.commandLine(), "--comparisons: got " + SafeText.show(comparisons)
                    + ", expected published or days");
        };
        List<EpisodeMeasure> out = new ArrayList<>();
        for (String id : measures) {
            EpisodeMeasure m = EpisodeMeasure.builtIn(id.strip()).with(cmp);
            if (out.stream().anyMatch(x -> x.id().equals(m.id()))) {
                throw new ParameterException(spec.commandLine(), "--measure: " + m.id() + " is named twice");
            }
            out.add(m);
        }
        return out;
    }
}
