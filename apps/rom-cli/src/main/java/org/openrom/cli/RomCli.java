package org.openrom.cli;

import java.io.PrintWriter;
import org.openrom.core.RomException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rom} command. Exit codes: 0 ok, 2 usage error, 3 bad input (the message names file, line,
 * column and value), 4 an output could not be written, 5 out of memory (the message says which option helps),
 * 1 unexpected failure. Results go to files or stdout; messages and progress to stderr.
 */
@Command(name = "rom", mixinStandardHelpOptions = true, versionProvider = RomCli.Version.class,
        description = "OpenROM: Routine Outcome Monitoring — score questionnaires, run Not-On-Track rules, "
                + "compare criteria, analyse change, write NOT reports.",
        subcommands = {ScoreCommand.class, TrackCommand.class, CompareCommand.class, ChangeCommand.class, RatesCommand.class,
            MeasureCommand.class, ReportCommand.class, GenerateCommand.class, InstrumentsCommand.class, RulesCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class})
public final class RomCli implements Runnable {
    /** Exit code for bad input. */
    public static final int BAD_INPUT = 3;
    /** Exit code: an output could not be written (disk full, closed pipe, no permission). */
    public static final int OUTPUT_FAILED = 4;
    /** Exit code: the Java heap was too small for the input. */
    public static final int OUT_OF_MEMORY = 5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Used by picocli; run the tool through {@link #main} or {@link #run(String[], PrintWriter, PrintWriter)}. */
    public RomCli() {
    }

    /** @param args the arguments */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true)));
    }

    /** The commands the plugin jars add, and the jar that adds each. */
    private static final java.util.Map<String, String> PLUGIN_COMMANDS = java.util.Map.of(
            "serve", "the CDS plugin (rom-cds-plugin.jar)", "fhir", "the FHIR plugin (rom-fhir-plugin.jar)");

    /**
     * Runs the command line without exiting (for tests and embedding).
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        java.util.Objects.requireNonNull(args, "args");
        java.util.Objects.requireNonNull(out, "out");
        java.util.Objects.requireNonNull(err, "err");
        CommandLine cl = new CommandLine(new RomCli());
        for (org.openrom.cli.spi.CommandPlugin plugin : java.util.ServiceLoader.load(org.openrom.cli.spi.CommandPlugin.class)) {
            cl.addSubcommand(plugin.command());
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof OutOfMemoryError) {
                    // raised on the read-ahead thread, carried here; the message names the input it was reading
                    String in = parse.subcommand() == null ? null : parse.subcommand().matchedOptionValue("--in", (Object) null) == null
                            ? null : String.valueOf(parse.subcommand().matchedOptionValue("--in", (Object) null));
                    return outOfMemory(line.getErr(), in);
                }
            }
            if (ex instanceof org.openrom.cli.io.OutputException) {
                line.getErr().println("rom: " + ex.getMessage());
                return OUTPUT_FAILED;
            }
            if (ex instanceof RomException) {
                line.getErr().println("rom: " + ex.getMessage());
                return BAD_INPUT;
            }
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                line.getErr().println("rom: " + ioReason(ex instanceof java.io.UncheckedIOException u ? u.getCause() : ex));
                return BAD_INPUT;
            }
            throw ex;
        });
        if (args.length > 0 && !args[0].startsWith("-") && !cl.getSubcommands().containsKey(args[0])) {
            // never the top-level help with exit 0 for a command that is not there (rom serve --help without its plugin)
            String plugin = PLUGIN_COMMANDS.get(args[0]);
            err.println("rom: unknown command " + org.openrom.core.SafeText.show(args[0]) + (plugin == null
                    ? "; the commands are: " + String.join(", ", cl.getSubcommands().keySet())
                    : ": it comes with " + plugin + " on the class path (the ./rom script puts it there)"));
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(err, inputOf(args));
        }
    }

    /**
     * An I/O failure with its reason: the JDK's file exceptions carry only the path as their message.
     *
     * @param e the failure
     * @return the path and why
     */
    static String ioReason(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The value of {@code --in} among the arguments, if given, for a message that must name the input. */
    static String inputOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--in") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--in=")) {
                return args[i].substring("--in=".length());
            }
        }
        return null;
    }

    private static int outOfMemory(PrintWriter err, String input) {
        // the failed command's objects are unreachable now: there is room for the message
        err.println("rom: out of memory" + (input == null ? "" : " reading " + input) + " (Java heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB): the input does not fit. Give the JVM more "
                + "(ROM_JAVA_OPTS=-Xmx4g ./rom ..., or java -Xmx4g -jar rom.jar ...), or, when the file is sorted by "
                + "patient, pass --sorted so that one patient at a time is held. No output file was written.");
        err.flush();
        return OUT_OF_MEMORY;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The version from the jar manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RomCli.class.getPackage().getImplementationVersion();
            return new String[] {"rom " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
