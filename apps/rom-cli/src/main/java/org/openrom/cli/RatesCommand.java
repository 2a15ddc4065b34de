package org.openrom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.core.SafeText;
import org.openrom.core.instrument.Direction;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import org.openrom.io.CohortInput;
import org.openrom.rules.research.RuleComparison.Interval;
import org.openrom.rules.research.ServiceRates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rom rates}: a service's outcome rates per group, therapist and service, beside the published figures. */
@Command(name = "rates", mixinStandardHelpOptions = true,
        description = "Outcome rates of a service: response, recovery, reliable improvement, reliable deterioration and "
                + "drop-out per therapy group, per therapist and for the service, with Wilson 95%% intervals (and a "
                + "cluster bootstrap over groups for the service), next to published figures.")
final class RatesCommand extends CohortCommand {
    @Option(names = "--scale", defaultValue = "odsis.total", description = "the outcome scale (default: ${DEFAULT-VALUE})")
    String scale;

    @Option(names = "--cutoff", converter = Common.FiniteDouble.class, description = "the clinical cut-off for recovery "
            + "(default: the scale's; without one, no recovery rate)")
    Double cutoff;

    @Option(names = "--reliable-change", converter = Common.FiniteDouble.class, description = "points of a reliable "
            + "change (default: the scale's published value; required when it has none)")
    Double reliableChange;

    @Option(names = "--planned-end", defaultValue = "0", description = "the occasion of the planned end, for the drop-out "
            + "rate (default: no drop-out rate)")
    int plannedEnd;

    @Option(names = "--therapists", description = "CSV with columns group_id,therapist_id: who leads each group (for the "
            + "rates per therapist)")
    Path therapists;

    @Option(names = "--by", defaultValue = "group", description = "the units listed after the service: group, therapist "
            + "or none (default: ${DEFAULT-VALUE})")
    String by;

    @Option(names = "--cluster-bootstrap", description = "also the service's 95%% intervals from N resamples of whole "
            + "groups (100 to 100000)")
    Integer clusterBootstrap;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the cluster bootstrap (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--direction", converter = Common.DirectionConverter.class, defaultValue = "lower-is-better",
            description = "direction of scales not provided by an installed instrument (default: ${DEFAULT-VALUE})")
    Direction direction;

    @Option(names = "--format", defaultValue = "md", description = "output: md, json or csv (default: ${DEFAULT-VALUE})")
    String format;

    @picocli.CommandLine.Mixin
    RunOptions run;

    @Override
    public Integer call() throws IOException {
        Common.checkPaths(spec, org.openrom.cli.io.OutputPaths.check().input("--in", in).input("--therapists", therapists)
                .output("--out", out).output("--manifest", run.manifest));
        Common.requireOutputFormat(spec, format, List.of("md", "json", "csv"));
        if (!List.of("group", "therapist", "none").contains(by)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--by: got " + SafeText.show(by)
                    + ", expected group, therapist or none");
        }
        if (by.equals("therapist") && therapists == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--by therapist needs --therapists FILE");
        }
        if (clusterBootstrap != null && (clusterBootstrap < 100 || clusterBootstrap > 100_000)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--cluster-bootstrap: got "
                    + clusterBootstrap + ", expected 100 to 100000 replicates");
        }
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        CohortInput input = openInput(reg, direction);
        Map<String, Scale> external = reg.findScale(scale).isPresent() ? Map.of() : Common.externalScales(input);
        Scale s = reg.findScale(scale).orElse(external.get(scale));
        if (s == null) {
            throw new org.openrom.core.ValidationException("rom rates", "--scale", scale, "a scale present in the input"
                    + (external.isEmpty() ? " or installed (rom instruments lists them)" : ": one of "
                    + String.join(", ", external.keySet())));
        }
        double c = cutoff != null ? cutoff : s.cutoff().orElse(Double.NaN);
        double rc = reliableChange != null ? reliableChange : s.psychometrics().reliableChange().orElseThrow(() ->
                new picocli.CommandLine.ParameterException(spec.commandLine(), "--reliable-change: scale "
                        + s.qualifiedId() + " publishes no reliable change; give one"));
        Map<String, String> therapistOf = therapists == null ? Map.of() : readTherapists(therapists);
        ServiceRates rates = new ServiceRates(s, c, rc, plannedEnd);
        int[] without = {0};
        try (Run r = Run.start(spec, run)) {
            r.input("--in", in).input("--therapists", therapists).output("--out", out).parameter("rates", rates.describe());
            if (clusterBootstrap != null) {
                r.parameter("cluster_bootstrap", clusterBootstrap).parameter("seed", seed);
            }
            input.forEachPatient(p -> {
                r.tick();
                String g = p.groupId().orElse(null);
                if (!rates.add(p.series(s.qualifiedId()), g, g == null ? null : therapistOf.get(g))) {
                    without[0]++;
                }
            });
            ServiceRates.Unit service = rates.service();
            if (service.patients() == 0) {
                throw new org.openrom.core.DataFormatException(in.getFileName().toString(), 0, 0, "no rates: none of "
                        + r.patients() + " patients has an observation of " + s.qualifiedId(), null);
            }
            if (without[0] > 0) {
                r.warn(without[0] + " of " + r.patients() + " patients left out: no observation of " + s.qualifiedId());
            }
            List<ServiceRates.Unit> units = by.equals("group") ? rates.byGroup() : by.equals("therapist")
                    ? rates.byTherapist() : List.of();
            Map<ServiceRates.Measure, Interval> cluster = clusterBootstrap == null ? Map.of()
                    : rates.serviceClusterIntervals(clusterBootstrap, seed);
            try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
                o.writer().write(format.equals("md") ? rates.markdown(units, cluster) : format.equals("csv")
                        ? rates.csv(units, cluster) : json(rates, units, cluster));
                o.commit();
            }
            r.finish(by.equals("none") ? String.format(Locale.ROOT, "%,d patients", service.patients())
                    : String.format(Locale.ROOT, "%,d patients, %d %s%s", service.patients(), units.size(), by,
                            units.size() == 1 ? "" : "s"));
        }
        return 0;
    }

    private static String json(ServiceRates rates, List<ServiceRates.Unit> units, Map<ServiceRates.Measure, Interval> cluster) {
        ObjectNode root = Common.NODES.objectNode();
        root.put("definition", rates.describe());
        root.set("service", unit(rates.service(), cluster));
        ArrayNode us = root.putArray("units");
        units.forEach(u -> us.add(unit(u, Map.of())));
        ArrayNode pub = root.putArray("published");
        for (ServiceRates.Published p : ServiceRates.published()) {
            pub.addObject().put("measure", p.measure().label()).put("figure", p.text()).put("source", p.source());
        }
        return root.toPrettyString() + "\n";
    }

    private static ObjectNode unit(ServiceRates.Unit u, Map<ServiceRates.Measure, Interval> cluster) {
        ObjectNode o = Common.NODES.objectNode().put("level", u.level()).put("id", u.id()).put("patients", u.patients());
        ObjectNode rs = o.putObject("rates");
        u.rates().forEach((m, r) -> {
            ObjectNode x = rs.putObject(m.label()).put("events", r.events()).put("n", r.n());
            if (r.n() > 0) {
                x.put("rate", r.interval().estimate()).put("low", r.interval().low()).put("high", r.interval().high());
            }
            Interval c = cluster.get(m);
            if (c != null && !Double.isNaN(c.low())) {
                x.put("cluster_low", c.low()).put("cluster_high", c.high());
            }
        });
        return o;
    }

    /** Reads {@code group_id,therapist_id}; a group listed twice with two therapists is an error. */
    private Map<String, String> readTherapists(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(r)) {
            for (NamedCsvRecord rec : csv) {
                String g = rec.findField("group_id").orElse(null);
                String t = rec.findField("therapist_id").orElse(null);
                if (g == null || t == null || g.isBlank() || t.isBlank()) {
                    throw new org.openrom.core.DataFormatException(file.getFileName().toString(),
                            rec.getStartingLineNumber(), 0, "expected columns group_id and therapist_id, both non-empty", null);
                }
                String before = out.put(g.strip(), t.strip());
                if (before != null && !before.equals(t.strip())) {
                    throw new org.openrom.core.DataFormatException(file.getFileName().toString(),
                            rec.getStartingLineNumber(), 0, "group " + SafeText.show(g) + " has two therapists", null);
                }
            }
        }
        return out;
    }
}
