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

/** Contributes {@code rom fhir questionnaire INSTRUMENT} to the rom command. */
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
            subcommands = {QuestionnaireCommand.class})
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
}
