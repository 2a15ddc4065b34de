package org.openrom.cds.cli;

import org.openrom.cds.CdsService;
import org.openrom.cds.FeedbackStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.openrom.cli.spi.CommandPlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Contributes {@code rom serve}: the CDS Hooks service ({@link CdsService}) until the process is stopped. */
public final class ServeCommandPlugin implements CommandPlugin {
    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public ServeCommandPlugin() {
    }

    @Override
    public Object command() {
        return new Serve();
    }

    /** {@code rom serve}. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run the OpenROM CDS Hooks 2.0 service (patient-view) until stopped (Ctrl-C, SIGTERM).",
                "Endpoints: GET /cds-services (discovery), POST /cds-services/openrom-patient-view (cards), "
                        + "POST /cds-services/openrom-patient-view/feedback, GET /reports/{token} (the NOT report a card "
                        + "links to; links expire after an hour).",
                "Every POST needs the EHR's signed JWT (RS384/ES384) from a trusted issuer; 401 otherwise.",
                "Decision support for a clinician: it shows cards and proposes, it never acts or writes to the EHR."})
    public static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "the address to listen on (default: "
                + "${DEFAULT-VALUE}, this machine only; put a TLS-terminating reverse proxy in front, or use --tls-keystore)")
        String host;

        @Option(names = "--port", defaultValue = "8080", description = "the port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
        int port;

        @Option(names = "--base-url", description = "the public base URL the EHR calls (behind a proxy: its https URL); "
                + "the JWT's aud must be this plus the endpoint's path (default: the listening address)")
        String baseUrl;

        @Option(names = "--rule", required = true, description = "a rule spec the NOT cards are about, e.g. "
                + "deterioration-or-no-change (repeatable)")
        List<String> rules;

        @Option(names = "--trust", required = true, paramLabel = "ISSUER=JWKS_URL", description = "a trusted EHR: its "
                + "iss and the URL of its key set (https; http only on loopback). Repeat for more issuers, or more "
                + "allowed jku URLs of one issuer")
        List<String> trust;

        @Option(names = "--feedback-db", defaultValue = "jdbc:h2:file:./openrom-feedback", description = "the JDBC URL "
                + "of the feedback store (default: ${DEFAULT-VALUE}, an embedded H2 file); the driver of another "
                + "database must be on the class path")
        String feedbackDb;

        @Option(names = "--db-user", description = "the feedback database's user")
        String dbUser;

        @Option(names = "--db-password-file", description = "a file holding the feedback database's password")
        Path dbPasswordFile;

        @Option(names = "--db-connections", defaultValue = "" + FeedbackStore.DEFAULT_CONNECTIONS, description = "the most "
                + "connections this node opens to the feedback store (default: ${DEFAULT-VALUE}); a request holds one for a "
                + "few statements")
        int dbConnections;

        @Option(names = "--max-body", defaultValue = "1048576", description = "the largest request body, bytes "
                + "(default: ${DEFAULT-VALUE}); larger is 413")
        int maxBody;

        @Option(names = "--cors-origin", description = "a browser origin allowed to call the hook and feedback "
                + "endpoints (CORS), e.g. https://sandbox.cds-hooks.org; repeatable; discovery is open to every origin")
        List<String> corsOrigins = List.of();

        @Option(names = "--threads", defaultValue = "200", description = "the most request threads (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--view-cache", defaultValue = "256", description = "chart openings (patient and prefetch) whose "
                + "results a node keeps for the next identical one, 0 for none; their prefetches hold at most 25 resources "
                + "per patient kept in all (default: ${DEFAULT-VALUE})")
        int viewCache;

        @Option(names = "--tls-keystore", description = "serve https with this key store (PKCS#12 or JKS)")
        Path keyStore;

        @Option(names = "--tls-password-file", description = "a file holding the key store's password")
        Path keyStorePasswordFile;

        @Option(names = "--language", defaultValue = "en", description = "cards and reports in en or da (default: ${DEFAULT-VALUE})")
        String language;

        @Option(names = "--alert-wording", description = "the clinic's wording of safety alerts, a JSON file "
                + "{language: {alert code or answered/unanswered: text}} (default: a neutral wording)")
        Path alertWording;

        @Option(names = "--form-map", description = "the EHR's own Questionnaires mapped onto instruments, a JSON file "
                + "(docs/fhir.md: form maps), used with the built-in LOINC panels")
        Path formMap;

        @Override
        public Integer call() throws Exception {
            CdsService.Builder b = CdsService.builder().host(host).port(port).maxBodyBytes(maxBody).threads(threads)
                    .viewCache(viewCache)
                    .language(language);
            if (baseUrl != null) {
                b.baseUrl(baseUrl);
            }
            rules.forEach(b::rule);
            corsOrigins.forEach(b::corsOrigin);
            for (String t : trust) {
                int eq = t.lastIndexOf('=');
                if (eq <= 0 || eq == t.length() - 1) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--trust: got '" + t
                            + "', expected ISSUER=JWKS_URL");
                }
                b.trust(t.substring(0, eq), t.substring(eq + 1));
            }
            if (keyStore != null) {
                if (keyStorePasswordFile == null) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tls-keystore needs "
                            + "--tls-password-file");
                }
                b.tls(keyStore, secret(keyStorePasswordFile).toCharArray());
            }
            if (alertWording != null) {
                b.alertWording(org.openrom.core.safety.AlertWording.fromJson(Files.readString(alertWording,
                        StandardCharsets.UTF_8)));
            }
            if (formMap != null) {
                b.formMap(org.openrom.fhir.FormMap.readWithDefault(formMap));
            }
            if (dbConnections < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--db-connections: got "
                        + dbConnections + ", expected at least 1");
            }
            b.build(); // the configuration is checked before the database is opened
            FeedbackStore opened;
            try {
                opened = FeedbackStore.open(feedbackDb, dbUser, dbPasswordFile == null ? null : secret(dbPasswordFile),
                        dbConnections);
            } catch (java.sql.SQLException e) {
                // the reason, without the URL's password, and no stack trace
                spec.commandLine().getErr().println("rom serve: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 3;
            }
            try (FeedbackStore store = opened) {
                b.feedback(store);
                CdsService running = b.build().start();
                spec.commandLine().getErr().println("rom serve: listening on " + running.base() + " (Ctrl-C stops)");
                spec.commandLine().getErr().flush();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running)));
                try {
                    running.join();
                } finally {
                    stop(running);
                }
            }
            return 0;
        }

        private static void stop(CdsService running) {
            try {
                running.close();
            } catch (java.io.IOException e) {
                // stopping anyway
            }
        }

        private static String secret(Path file) throws java.io.IOException {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
    }
}
