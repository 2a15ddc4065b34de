package org.openrom.fhir.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.fhir.measures.MeasureFacts;
import org.openrom.fhir.measures.MeasureReports;
import org.openrom.fhir.measures.MeasureValueSets;
import org.openrom.measures.EpisodeMeasure;
import org.openrom.measures.MeasureResult;
import org.openrom.measures.MeasureSummary;
import org.openrom.measures.MeasurementPeriod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rom fhir measure}: the depression measures over FHIR resources, written as MeasureReports (a summary per
 * measure, and with {@code --individual} one per patient), in a collection Bundle.
 */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Quality measures (CMS159, DEP-REM-6, response at 6 and 12 months) over FHIR R4 resources: "
                + "Patients, Encounters, Conditions, Observations, Procedures and ServiceRequests, read as the published "
                + "CQL reads them, with the measures' value sets from their FHIR expansions. Writes a collection Bundle "
                + "of MeasureReports (docs/measures.md).")
public final class FhirMeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, description = "the resources: a Bundle (JSON), or NDJSON of resources and "
            + "Bundles")
    Path in;

    @Option(names = "--value-sets", required = true, description = "the measures' ValueSets (their VSAC expansions): a "
            + "ValueSet, a Bundle of them, or NDJSON; repeatable")
    List<Path> valueSets;

    @picocli.CommandLine.Mixin
    org.openrom.cli.spi.MeasureOptions measure;

    @Option(names = "--individual", description = "also one individual MeasureReport per patient and measure, with its "
            + "evaluatedResource and reason")
    boolean individual;

    @Option(names = "--out", description = "output file, or - for stdout (default: stdout)")
    Path out;

    @Override
    public Integer call() throws IOException {
        org.openrom.cli.io.OutputPaths paths = org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out);
        valueSets.forEach(v -> paths.input("--value-sets", v));
        try {
            paths.verify();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        MeasurementPeriod mp = measure.period();
        List<EpisodeMeasure> ms = measure.measures();
        FhirContext ctx = FhirContext.forR4Cached();
        List<ValueSet> sets = new ArrayList<>();
        for (Path p : valueSets) {
            for (Resource r : resources(ctx, p)) {
                if (r instanceof ValueSet vs) {
                    sets.add(vs);
                }
            }
        }
        Bundle input = new Bundle().setType(Bundle.BundleType.COLLECTION);
        resources(ctx, in).forEach(r -> input.addEntry().setResource(r));
        MeasureFacts.BundleRead read = MeasureFacts.using(MeasureValueSets.of(sets)).read(input);
        Bundle output = new Bundle().setType(Bundle.BundleType.COLLECTION);
        List<MeasureSummary> summaries = ms.stream().map(m -> new MeasureSummary(m, mp)).toList();
        long issues = read.unattached().size();
        for (MeasureFacts.Read p : read.patients()) {
            issues += p.issues().size();
            for (int i = 0; i < ms.size(); i++) {
                MeasureResult r = ms.get(i).evaluate(p.patient(), mp);
                summaries.get(i).add(r);
                if (individual) {
                    output.addEntry().setResource(MeasureReports.individual(ms.get(i), mp, r));
                }
            }
        }
        for (int i = 0; i < summaries.size(); i++) {
            output.getEntry().add(i, new Bundle.BundleEntryComponent().setResource(MeasureReports.summary(summaries.get(i))));
        }
        try (AtomicOutput o = AtomicOutput.open(out, spec.commandLine().getOut())) {
            o.writer().write(ctx.newJsonParser().setPrettyPrint(true).encodeResourceToString(output));
            o.writer().write('\n');
            o.commit();
        }
        var err = spec.commandLine().getErr();
        if (issues > 0) {
            List<String> first = new ArrayList<>(read.unattached());
            read.patients().forEach(p -> first.addAll(p.issues()));
            err.println(String.format(Locale.ROOT, "rom fhir measure: warning: %,d resource%s could not be used (first: %s)",
                    issues, issues == 1 ? "" : "s", String.join("; ", first.subList(0, Math.min(3, first.size())))));
        }
        MeasureSummary.Counts c = summaries.get(0).total();
        err.println(String.format(Locale.ROOT, "rom fhir measure: %,d patient%s, %,d in the denominator of %s",
                c.patients(), c.patients() == 1 ? "" : "s", c.denominator(), ms.get(0).id()));
        err.flush();
        return 0;
    }

    /** The resources of a file: one resource or Bundle (JSON), or NDJSON of them; Bundles are opened. */
    private static List<Resource> resources(FhirContext ctx, Path file) throws IOException {
        IParser parser = ctx.newJsonParser();
        List<Resource> out = new ArrayList<>();
        for (FhirInputFormat.Located<String> d : FhirInputFormat.documents(file)) {
            IBaseResource r;
            try {
                r = parser.parseResource(d.resource());
            } catch (DataFormatException e) {
                throw new org.openrom.core.DataFormatException(file.getFileName().toString(), d.line(), 0,
                        "not a FHIR R4 resource or Bundle in JSON", null);
            }
            if (r instanceof Bundle b) {
                b.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).forEach(e -> out.add(e.getResource()));
            } else if (r instanceof Resource res) {
                out.add(res);
            }
        }
        return out;
    }
}
