package org.openrom.cli;

import java.util.concurrent.Callable;
import org.openrom.core.track.spi.ParameterDescriptor;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.spi.TrackRuleProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rom rules}: lists the installed rules (newest versions, and how to reach older ones) with their parameters and defaults. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "List the installed track-status rules with parameters and defaults (plugins included).")
final class RulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        RuleRegistry registry = RuleRegistry.loadDefault();
        for (TrackRuleProvider p : registry.providers()) {
            out.println(p.id() + " (v" + p.version() + ") — " + p.description());
            for (TrackRuleProvider older : registry.versions(p.id())) {
                if (older != p) {
                    out.println("  older version, as " + p.id() + "@" + older.version() + ": " + older.description());
                }
            }
            for (ParameterDescriptor d : p.parameters()) {
                out.println("  " + d.name() + ": " + d.expectation() + d.defaultValue().map(v -> ", default " + v)
                        .orElse(d.required() ? ", required" : ", optional") + " — " + d.description());
            }
        }
        out.flush();
        return 0;
    }
}
