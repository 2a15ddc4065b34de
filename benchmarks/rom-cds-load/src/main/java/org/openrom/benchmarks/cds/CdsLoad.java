package org.openrom.benchmarks.cds;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CDS Hooks load harness (benchmarks.md, section 9). It is the EHR: a process of its own that starts
 * {@code rom serve} as a second process, signs every token before the clock starts, and posts patient-view requests
 * from 10, 50 and 200 concurrent clients. It prints p50, p90, p99 and the throughput per level, and a profile of the
 * service's CPU time and lock waits during one level ({@code --profile-at}, 0 for none), from a flight recording of
 * CPU samples the service makes from its start. It asserts nothing: it measures.
 *
 * <pre>
 * java -jar benchmarks/rom-cds-load/target/cds-load.jar --server-classpath apps/rom-cli/target/rom.jar:apps/rom-cds-cli/target/rom-cds-plugin.jar
 * </pre>
 */
public final class CdsLoad {
    private CdsLoad() {
    }

    /** The options, with their defaults. */
    static final class Options {
        String serverClassPath;
        List<Integer> clients = List.of(10, 50, 200);
        int requests = 6000;
        int warmup = 30000;
        int patients = 200;
        int profileAt = 50;
        String feedbackDb;
        List<String> serveArguments = new ArrayList<>();
        List<String> jvmOptions = new ArrayList<>();
        Path out = Path.of("target", "cds-load");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + ": expected a value after it");
                }
                String v = args[++i];
                switch (name) {
                    case "--server-classpath" -> o.serverClassPath = v;
                    case "--clients" -> o.clients = Arrays.stream(v.split(",")).map(s -> positive(name, s)).toList();
                    case "--requests" -> o.requests = positive(name, v);
                    case "--warmup" -> o.warmup = positive(name, v);
                    case "--patients" -> o.patients = positive(name, v);
                    case "--profile-at" -> o.profileAt = Integer.parseInt(v);
                    case "--feedback-db" -> o.feedbackDb = v;
                    case "--serve-arg" -> o.serveArguments.add(v);
                    case "--jvm-option" -> o.jvmOptions.add(v);
                    case "--out" -> o.out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + name + "; expected --server-classpath, "
                            + "--clients, --requests, --warmup, --patients, --profile-at, --feedback-db, --serve-arg, "
                            + "--jvm-option or --out");
                }
            }
            if (o.serverClassPath == null) {
                throw new IllegalArgumentException("--server-classpath is required: rom.jar and rom-cds-plugin.jar");
            }
            return o;
        }

        private static int positive(String name, String v) {
            int n = Integer.parseInt(v.strip());
            if (n <= 0) {
                throw new IllegalArgumentException(name + ": got " + v + ", expected a positive number");
            }
            return n;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cds-load: " + e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(o.out);
        List<String> bodies = LoadEhr.bodies(o.patients);
        String db = o.feedbackDb != null ? o.feedbackDb
                : "jdbc:h2:file:" + Files.createTempDirectory("cds-load").resolve("feedback").toAbsolutePath();
        try (LoadEhr ehr = new LoadEhr()) {
            List<String> serve = new ArrayList<>(List.of("--port", "0", "--rule", "deterioration-or-no-change",
                    "--trust", ehr.trust(), "--feedback-db", db));
            serve.addAll(o.serveArguments);
            List<String> jvm = new ArrayList<>(o.jvmOptions);
            Path recording = o.out.resolve("server.jfr").toAbsolutePath();
            if (o.profileAt > 0) {
                // recorded from the start: a recording started later (jcmd JFR.start) slowed this service several
                // times over, and so misplaced its time
                jvm.add("-XX:StartFlightRecording=settings=" + samplingOnly(o.out) + ",filename=" + recording);
            }
            Level.Result profiled;
            StringBuilder table = new StringBuilder();
            try (ServerProcess server = ServerProcess.start(o.serverClassPath, jvm, serve, o.out.resolve("server.log"))) {
                profiled = run(o, ehr, bodies, server, table);
            }
            String profile = profiled == null ? "" : "Profile of the " + o.profileAt + "-client level:\n\n"
                    + Profile.read(recording, profiled.from(), profiled.to()).text(profiled.requests());
            String report = table + "\n" + profile;
            Files.writeString(o.out.resolve("results.md"), report, StandardCharsets.UTF_8);
            System.out.println();
            System.out.print(report);
        }
    }

    /** Warms the service up, runs the levels into the table, and returns the level to profile (or null). */
    private static Level.Result run(Options o, LoadEhr ehr, List<String> bodies, ServerProcess server, StringBuilder table)
            throws Exception {
        String url = server.base() + "/cds-services/openrom-patient-view";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
        Level.Result warm = Level.run(http, url, ehr.tokens(url, o.warmup), bodies, 50, server);
        System.out.printf(Locale.ROOT, "warm-up: %,d requests in %.1f s, %d errors %s%n", o.warmup, warm.seconds(),
                warm.errors(), warm.firstErrors());
        table.append("| clients | requests | duration | throughput | p50 | p90 | p99 | max | errors "
                + "| service CPU / request | client CPU / request |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        Level.Result profiled = null;
        for (int clients : o.clients) {
            List<String> tokens = ehr.tokens(url, o.requests); // signed before the clock starts
            Level.Result r = Level.run(http, url, tokens, bodies, clients, server);
            table.append(r.row()).append('\n');
            System.out.println(r.row() + (r.errors() > 0 ? "  first errors: " + r.firstErrors() : ""));
            if (clients == o.profileAt && profiled == null) {
                profiled = r;
            }
        }
        return profiled;
    }

    /** The recording's settings: CPU samples every 10 ms and lock waits over 20 ms, what the profile reads, no more. */
    private static String samplingOnly(Path folder) throws IOException {
        Path jfc = folder.resolve("sampling.jfc").toAbsolutePath();
        Files.writeString(jfc, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="sampling only">
                  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
                  <event name="jdk.JavaMonitorEnter"><setting name="enabled">true</setting><setting name="stackTrace">true</setting><setting name="threshold">20 ms</setting></event>
                </configuration>
                """, StandardCharsets.UTF_8);
        return jfc.toString();
    }
}
