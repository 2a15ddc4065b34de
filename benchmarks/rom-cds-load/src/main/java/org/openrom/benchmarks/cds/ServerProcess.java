package org.openrom.benchmarks.cds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rom serve} in a process of its own, as an operator runs it: its standard error (the request log) goes to a
 * file, and the base URL is read from its "listening on" line.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");
    private final Process process;
    private final String base;

    private ServerProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /**
     * Starts the service and waits until it listens.
     *
     * @param classPath the class path of the rom tool with its CDS plugin
     * @param jvmOptions extra JVM options (a flight recording, a heap size)
     * @param serveArguments what follows {@code rom serve}
     * @param log where the process's standard error goes
     */
    static ServerProcess start(String classPath, List<String> jvmOptions, List<String> serveArguments, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add("org.openrom.cli.RomCli");
        command.add("serve");
        command.addAll(serveArguments);
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(p, log, listening), "rom-serve-stderr");
        drain.setDaemon(true);
        drain.start();
        try {
            return new ServerProcess(p, listening.get(60, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("rom serve did not start; see " + log, e);
        }
    }

    private static void drain(Process p, Path log, CompletableFuture<String> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                Matcher m = LISTENING.matcher(line);
                if (!listening.isDone() && m.find()) {
                    listening.complete(m.group(1));
                    out.flush();
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IOException("rom serve stopped before it listened"));
    }

    /** The service's process id (for its diagnostic commands). */
    long pid() {
        return process.pid();
    }

    /** The CPU time the service's process has used so far (all its threads: requests, JIT, GC). */
    java.time.Duration cpu() {
        return process.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    /** The service's base URL. */
    String base() {
        return base;
    }

    /** Kills it (SIGKILL): no shutdown hook runs, as when a node dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops it as an operator does (SIGTERM: the shutdown hook closes the service and writes a flight recording). */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rom serve stopped", e);
        }
    }
}
