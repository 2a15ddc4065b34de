package org.openrom.cli;

import java.util.concurrent.Callable;
import org.openrom.core.instrument.Instrument;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.instrument.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rom instruments}: lists the installed instruments (plugins on the class path included). */
@Command(name = "instruments", mixinStandardHelpOptions = true,
        description = "List the installed instruments and their scales (plugins on the class path included).")
final class InstrumentsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        InstrumentRegistry reg = InstrumentRegistry.loadDefault();
        for (Instrument i : reg.instruments()) {
            out.println(i.id() + " (v" + i.version() + ") " + i.name() + " — " + i.items().size() + " items");
            for (Scale s : i.scales()) {
                out.println("  " + s.qualifiedId() + "  range " + num(s.min()) + ".." + num(s.max()) + ", "
                        + s.direction().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + (s.cutoff().isPresent() ? ", cut-off " + num(s.cutoff().getAsDouble()) : ""));
            }
        }
        out.flush();
        return 0;
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
