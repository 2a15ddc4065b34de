package org.openrom.fhir.cli;

import ca.uhn.fhir.context.FhirContext;
import java.util.concurrent.Callable;
import org.openrom.cli.spi.CommandPlugin;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.fhir.FhirMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Contributes {@code rom fhir questionnaire INSTRUMENT}, {@code rom fhir definitions}, {@code rom fhir transactions}
 * and {@code rom fhir measure}
 * to the rom command.
 */
public final class FhirCommandPlugin implements CommandPlugin {
    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public FhirCommandPlugin() {
    }

    @Override
    public Object command() {
        return new Fhir();
    }

    /** {@code rom fhir}. */
    @Command(name = "fhir", mixinStandardHelpOptions = true, description = "HL7 FHIR R4 tools (plugin).",
            subcommands = {QuestionnaireCommand.class, DefinitionsCommand.class, TransactionsCommand.class,
                FhirMeasureCommand.class})
    public static final class Fhir implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getErr());
        }
    }

    /** {@code rom fhir questionnaire INSTRUMENT}: prints the instrument's Questionnaire as JSON. */
    @Command(name = "questionnaire", mixinStandardHelpOptions = true,
            description = "Print the FHIR R4 Questionnaire of an installed instrument.")
    public static final class QuestionnaireCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "the instrument id, e.g. phq9")
        String instrument;

        @Override
        public Integer call() {
            InstrumentRegistry reg = InstrumentRegistry.loadDefault();
            FhirMapper mapper = new FhirMapper(FhirContext.forR4(), reg);
            spec.commandLine().getOut().println(mapper.toJson(mapper.questionnaire(reg.get(instrument))));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code rom fhir definitions}: the StructureDefinition and CodeSystems a strict server needs, as a Bundle. */
    @Command(name = "definitions", mixinStandardHelpOptions = true,
            description = "Print OpenROM's conformance resources (the occasion extension's StructureDefinition and its "
                    + "CodeSystems) as a FHIR R4 collection Bundle, to load into a server or validator.")
    public static final class DefinitionsCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            FhirMapper mapper = new FhirMapper(FhirContext.forR4(), InstrumentRegistry.loadDefault());
            org.hl7.fhir.r4.model.Bundle b = new org.hl7.fhir.r4.model.Bundle()
                    .setType(org.hl7.fhir.r4.model.Bundle.BundleType.COLLECTION);
            for (org.hl7.fhir.r4.model.MetadataResource r : mapper.conformanceResources()) {
                b.addEntry().setFullUrl(r.getUrl()).setResource(r);
            }
            spec.commandLine().getOut().println(mapper.toJson(b));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /**
     * {@code rom fhir transactions}: the EHR loop on a file of QuestionnaireResponses, one transaction Bundle per
     * response (NDJSON), each referring to the response as it came.
     */
    @Command(name = "transactions", mixinStandardHelpOptions = true,
            description = "Feed QuestionnaireResponses (NDJSON, a Bundle or one response) through an OutcomeMonitor in "
                    + "file order and write one FHIR transaction Bundle per response as NDJSON: scores, statuses, Flags, "
                    + "DetectedIssues, proposals and Provenance, every entry idempotent.")
    public static final class TransactionsCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--in", required = true, description = "the QuestionnaireResponses")
        java.nio.file.Path in;

        @picocli.CommandLine.Option(names = "--rule", required = true, description = "a rule spec (repeatable)")
        java.util.List<String> rules;

        @picocli.CommandLine.Option(names = "--out", description = "output file (NDJSON), or - for stdout (default)")
        java.nio.file.Path out;

        @picocli.CommandLine.Option(names = "--form-map", description = "the EHR's own Questionnaires mapped onto "
                + "instruments, a JSON file (docs/fhir.md), read with the built-in LOINC panels")
        java.nio.file.Path formMap;

        @Override
        public Integer call() throws java.io.IOException {
            org.openrom.cli.io.OutputPaths paths = org.openrom.cli.io.OutputPaths.check().input("--in", in).output("--out", out);
            try {
                paths.verify();
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            InstrumentRegistry reg = InstrumentRegistry.loadDefault();
            FhirMapper mapper = new FhirMapper(FhirContext.forR4(), reg, java.time.Clock.systemUTC(), formMap == null
                    ? org.openrom.fhir.FormMap.loadDefault() : org.openrom.fhir.FormMap.readWithDefault(formMap));
            org.openrom.core.monitor.OutcomeMonitor.Builder mb = org.openrom.core.monitor.OutcomeMonitor.builder()
                    .instruments(reg);
            rules.forEach(mb::rule);
            org.openrom.core.monitor.OutcomeMonitor monitor = mb.build();
            org.openrom.core.needs.NeedsEngine needs = org.openrom.core.needs.NeedsEngine.loadDefault(reg);
            java.util.Map<String, java.util.List<org.openrom.core.score.Administration>> seen = new java.util.HashMap<>();
            String name = in.getFileName().toString();
            java.util.List<FhirInputFormat.Response> responses = FhirInputFormat.responses(in, mapper);
            int bundles = 0;
            try (org.openrom.cli.io.AtomicOutput o = org.openrom.cli.io.AtomicOutput.open(out, spec.commandLine().getOut())) {
                ca.uhn.fhir.parser.IParser compact = FhirContext.forR4().newJsonParser().setPrettyPrint(false);
                for (FhirInputFormat.Response r : responses) {
                    org.openrom.core.score.Administration a = FhirInputFormat.convert(mapper, name, r.line(), r.prefix(),
                            r.response());
                    org.openrom.core.monitor.MonitorUpdate u = monitor.record(a);
                    java.util.List<org.openrom.core.score.Administration> history = seen.computeIfAbsent(a.patientId(),
                            k -> new java.util.ArrayList<>());
                    history.add(a);
                    java.util.Optional<org.openrom.core.needs.NeedsAssessment> na = u.becameNotOnTrack()
                            ? java.util.Optional.of(new org.openrom.core.report.NotReportBuilder(reg, monitor.rules(), needs)
                                    .administrations(history).build(a.patientId(), a.occasion()).needs())
                            : java.util.Optional.empty();
                    org.hl7.fhir.r4.model.Bundle b = mapper.transaction(r.response(), a, u, na, needs.taxonomy(),
                            org.openrom.core.history.PatientHistory.score(a.patientId(), reg, history));
                    o.writer().write(compact.encodeResourceToString(b));
                    o.writer().write('\n');
                    bundles++;
                }
                o.commit();
            }
            spec.commandLine().getErr().println("rom fhir transactions: " + responses.size() + " responses, " + bundles
                    + " transaction Bundles");
            spec.commandLine().getErr().flush();
            return 0;
        }
    }
}
