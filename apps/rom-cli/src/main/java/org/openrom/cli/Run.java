package org.openrom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.openrom.cli.io.AtomicOutput;
import org.openrom.core.track.TrackRule;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One run of a long command: the progress bar on stderr (me.tongfei progressbar, MIT licence: counting patients,
 * with their rate, since a streamed file's patient count is not known in advance), the one-line summary on success,
 * and the manifest ({@code --manifest}) that makes the run reproducible.
 */
final class Run implements AutoCloseable {
    private final CommandSpec spec;
    private final RunOptions options;
    private final PrintWriter err;
    private final long started = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();
    private final List<TrackRule> rules = new ArrayList<>();
    private final ObjectNode parameters = Common.NODES.objectNode();
    private final ProgressBar bar;
    private final boolean terminal;
    private long patients;
    private boolean closed;

    private Run(CommandSpec spec, RunOptions options) {
        this.spec = spec;
        this.options = options;
        this.err = spec.commandLine().getErr();
        this.terminal = stderrIsTerminal();
        boolean show = !options.quiet && (options.progress == RunOptions.ProgressMode.always
                || options.progress == RunOptions.ProgressMode.auto && terminal);
        if (show) {
            boolean redraw = terminal;
            this.bar = new ProgressBarBuilder().setTaskName("rom " + spec.name()).setInitialMax(-1).setUnit(" patients", 1)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().hideEta()
                    .setUpdateIntervalMillis(redraw ? 500 : 10_000)
                    .setConsumer(new DelegatingProgressBarConsumer(s -> {
                        err.print(redraw ? "\r" + s : s + System.lineSeparator());
                        err.flush();
                    }, 100))
                    .build();
        } else {
            this.bar = null;
        }
    }

    /** Starts a run: the progress bar, if it shows, starts now. */
    static Run start(CommandSpec spec, RunOptions options) {
        return new Run(spec, options);
    }

    /** @return this, recording an input file for the manifest (ignored when null) */
    Run input(String option, Path file) {
        if (file != null) {
            inputs.put(option, file);
        }
        return this;
    }

    /** @return this, recording an output file for the manifest (ignored when null or stdout) */
    Run output(String option, Path file) {
        if (!AtomicOutput.isStdout(file)) {
            outputs.put(option, file);
        }
        return this;
    }

    /** @return this, recording the rules run for the manifest */
    Run rules(List<TrackRule> rs) {
        rules.addAll(rs);
        return this;
    }

    /** @return this, recording a parameter of the run (seed, outcome, split) for the manifest */
    Run parameter(String name, Object value) {
        if (value instanceof Long || value instanceof Integer) {
            parameters.put(name, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            parameters.put(name, n.doubleValue());
        } else if (value instanceof JsonNode j) {
            parameters.set(name, j);
        } else if (value != null) {
            parameters.put(name, String.valueOf(value));
        }
        return this;
    }

    /** One patient done. */
    void tick() {
        patients++;
        if (bar != null) {
            bar.step();
        }
    }

    /** @return the patients ticked so far */
    long patients() {
        return patients;
    }

    /** Prints a warning on stderr, above the progress bar. */
    void warn(String message) {
        if (bar != null && terminal) {
            err.print("\r\033[K");
        }
        err.println("rom " + spec.name() + ": warning: " + message);
        err.flush();
    }

    /**
     * Ends a successful run: stops the progress bar, writes the manifest and prints the summary line (unless
     * quiet).
     *
     * @param summary what was done, e.g. "2,000 patients, 3 rules, 45,000 rows"
     * @throws IOException when the manifest cannot be written
     */
    void finish(String summary) throws IOException {
        stopBar();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (options.manifest != null) {
            try (AtomicOutput o = AtomicOutput.open(options.manifest)) {
                o.writer().write(manifest(seconds).toPrettyString());
                o.writer().write('\n');
                o.commit();
            }
        }
        if (!options.quiet) {
            err.printf("rom %s: %s in %.1f s%n", spec.name(), summary, seconds);
            err.flush();
        }
    }

    private ObjectNode manifest(double seconds) throws IOException {
        ObjectNode m = Common.NODES.objectNode();
        m.put("command", "rom " + spec.name());
        ArrayNode args = m.putArray("arguments");
        // a JDBC URL may carry a password: it never reaches the manifest
        spec.commandLine().getParseResult().originalArgs().forEach(a -> args.add(a.startsWith("jdbc:")
                ? a.replaceAll("(?i)(password|pwd|passwd)=[^&;\\s]*", "$1=***").replaceAll("(//[^/@:\\s]+):[^/@\\s]*@",
                        "$1:***@") : a));
        m.put("openrom_version", new RomCli.Version().getVersion()[0].substring("rom ".length()));
        m.put("java_version", System.getProperty("java.version"));
        m.put("started", startedAt.toString());
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        ArrayNode rs = m.putArray("rules");
        for (TrackRule r : rules) {
            rs.addObject().put("id", r.ref().id()).put("version", r.ref().version()).put("spec", r.ref().spec());
        }
        m.set("parameters", parameters);
        m.set("inputs", files(inputs));
        m.set("outputs", files(outputs));
        return m;
    }

    private static ArrayNode files(Map<String, Path> files) throws IOException {
        ArrayNode a = Common.NODES.arrayNode();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            if (Files.isRegularFile(e.getValue())) {
                a.addObject().put("option", e.getKey()).put("path", e.getValue().toString())
                        .put("bytes", Files.size(e.getValue())).put("sha256", sha256(e.getValue()));
            }
        }
        return a;
    }

    /** @return the SHA-256 of a file's bytes, in lower-case hex */
    static String sha256(Path file) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private void stopBar() {
        if (bar != null && !closed) {
            closed = true;
            bar.close();
            if (terminal) {
                err.println();
            }
            err.flush();
        }
    }

    /** Stops the progress bar of a run that failed (its error follows on a line of its own). */
    @Override
    public void close() {
        stopBar();
    }

    /** Whether this process's standard error is a terminal (Linux: where fd 2 points; elsewhere: a console). */
    static boolean stderrIsTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            // fall through to the JDK's test
        }
        return System.console() != null;
    }
}
