package org.openrom.cli.spi;

/**
 * A subcommand contributed by a plugin jar on the class path (e.g. {@code rom fhir}), discovered with
 * {@link java.util.ServiceLoader} from {@code META-INF/services/org.openrom.cli.spi.CommandPlugin}.
 */
public interface CommandPlugin {
    /** @return a picocli command object (annotated with {@code @Command}) */
    Object command();
}
