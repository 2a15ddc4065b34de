package org.openrom.cds;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.needs.NeedsEngine;
import org.openrom.core.safety.AlertWording;
import org.openrom.core.track.RuleRegistry;
import org.openrom.core.track.TrackRule;
import org.openrom.core.track.spi.RuleEnvironment;
import org.openrom.fhir.FhirMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CDS Hooks 2.0 service on an embedded Jetty: discovery ({@code GET /cds-services}), the {@code patient-view}
 * service ({@code POST /cds-services/openrom-patient-view}), its feedback endpoint
 * ({@code POST /cds-services/openrom-patient-view/feedback}), and the NOT report a card links to
 * ({@code GET /reports/{token}}, an unguessable token that expires). Every POST needs the EHR's signed JWT (issuer
 * and key set from the allow-list, {@code aud} = the endpoint's URL, {@code exp}, one use per {@code jti}); 401
 * otherwise. Bodies are limited in size (413); errors are JSON with their status, never a stack trace; nothing of a
 * patient is logged. Binds to 127.0.0.1 unless told otherwise; TLS with a key store, or behind a reverse proxy that
 * terminates it.
 *
 * <p>Decision support for a clinician: it shows cards and proposes; it never acts, orders or writes to the EHR.
 */
public final class CdsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdsService.class);
    /** The default limit on a request body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    /** How long a report link works. */
    public static final Duration REPORT_LIFETIME = Duration.ofHours(1);

    private final Server server;
    private final ServerConnector connector;
    private final String configuredBase;
    private final ObjectMapper json = new ObjectMapper();
    private final PatientView view;
    private final JwtVerifier jwt;
    private final FeedbackStore feedback;
    private final int maxBody;
    private final Duration idleTimeout;
    /** The browser origins allowed to call the hook and feedback endpoints (discovery is open to every origin). */
    private final java.util.Set<String> corsOrigins;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ReportPages reports;

    private CdsService(Builder b) {
        this.clock = b.clock;
        this.maxBody = b.maxBody;
        this.idleTimeout = b.idleTimeout;
        this.corsOrigins = java.util.Set.copyOf(b.corsOrigins);
        this.feedback = b.feedback;
        this.reports = new ReportPages(b.feedback, b.clock);
        this.configuredBase = b.baseUrl;
        InstrumentRegistry instruments = b.instruments;
        RuleEnvironment env = RuleEnvironment.of(instruments);
        List<TrackRule> rules = new ArrayList<>();
        for (String spec : b.rules) {
            rules.add(b.ruleRegistry.create(spec, env));
        }
        this.view = new PatientView(json, instruments, List.copyOf(rules), NeedsEngine.loadDefault(instruments),
                new FhirMapper(FhirContext.forR4(), instruments, Clock.systemUTC(), b.forms), b.wording, b.language, b.feedback,
                new ViewCache(b.viewCache));
        this.jwt = new JwtVerifier(b.trusted, clock, b.feedback == null ? null : b.feedback::firstUse);
        QueuedThreadPool threads = new QueuedThreadPool(b.threads, 8);
        threads.setName("openrom-cds");
        this.server = new Server(threads);
        this.connector = HttpEdges.connector(server, b.keyStore, b.keyStorePassword);
        server.setErrorHandler(new JsonErrors());
        connector.setIdleTimeout(b.idleTimeout.toMillis());
        connector.setHost(b.host);
        connector.setPort(b.port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening.
     *
     * @return this
     * @throws IOException when the port cannot be bound
     */
    public CdsService start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start the CDS service: " + e.getMessage(), e);
        }
        LOG.info("OpenROM CDS service listening on {}", base());
        return this;
    }

    /** @return the chart openings answered from the view cache since the start (tests) */
    long viewCacheHits() {
        return view.cacheHits();
    }

    /** @return the base URL: the configured public one, or the address it listens on */
    public String base() {
        if (configuredBase != null) {
            return configuredBase;
        }
        String scheme = connector.getDefaultConnectionFactory().getProtocol().toLowerCase(java.util.Locale.ROOT)
                .startsWith("ssl") ? "https" : "http";
        return scheme + "://" + connector.getHost() + ":" + connector.getLocalPort();
    }

    /** @return the port it listens on (the ephemeral one when built with port 0) */
    public int port() {
        return connector.getLocalPort();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException("cannot stop the CDS service", e);
        }
    }

    // ---- requests --------------------------------------------------------------------------------------------

    private void serve(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        int status;
        String reason = "";
        try {
            HttpEdges.cors(request, response, path, corsOrigins);
            status = "OPTIONS".equals(method) ? preflight(response, callback, path)
                    : route(request, response, callback, path, method);
        } catch (HttpError e) {
            status = e.status;
            reason = e.getMessage();
            if (request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)
                    || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
                // refused before its body was read: the connection cannot be reused, and the client must know that
                // before it sends the next request on it (else that request meets a closed socket)
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            error(response, callback, e.status, e.getMessage());
        } catch (RuntimeException | IOException | SQLException e) {
            status = 500;
            reason = "internal error (" + e.getClass().getSimpleName() + ")";
            LOG.error("Request failed: {}", e.getClass().getSimpleName());
            error(response, callback, 500, "internal error");
        }
        // one line per request: never a patient id, an answer, free text or a report token (the errors' reasons are
        // written to say what was wrong without the data, and the path is one of the service's own, or "other")
        LOG.info("{} {} {} {} ms{}", method.length() <= 10 ? method : "OTHER", HttpEdges.loggedPath(path), status,
                (System.nanoTime() - started) / 1_000_000, reason.isEmpty() ? "" : " " + reason);
    }

    /** A response with an error status and a JSON body. */
    private static final class HttpError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** A CORS preflight: on the service's own endpoints only. */
    private static int preflight(Response response, Callback callback, String path) throws HttpError {
        if (!HttpEdges.endpoint(path)) {
            throw new HttpError(404, "no such CDS service: this service offers " + PatientView.ID);
        }
        HttpEdges.preflight(response, path);
        response.setStatus(204);
        callback.succeeded();
        return 204;
    }

    private int route(Request request, Response response, Callback callback, String path, String method)
            throws HttpError, IOException, SQLException {
        String service = "/cds-services/" + PatientView.ID;
        if (path.equals("/cds-services")) {
            requireMethod(method, "GET");
            ObjectNode d = json.createObjectNode();
            d.putArray("services").add(view.discovery());
            return send(response, callback, 200, "application/json", d.toString());
        }
        if (path.equals(service)) {
            requireMethod(method, "POST");
            authenticate(request, path);
            JsonNode body = body(request);
            String token = token();
            PatientView.Result r;
            try {
                r = view.evaluate(body, base() + "/reports/" + token, token, clock.instant(), (int) Math.min(Integer.MAX_VALUE - 8, maxBody * 8L));
            } catch (PatientView.BadRequest e) {
                throw new HttpError(e.status, e.getMessage());
            }
            if (r.reportHtml().isPresent()) {
                reports.put(token, r.reportHtml().get());
            }
            if (feedback != null) {
                feedback.cards(r.cards());
            }
            return send(response, callback, 200, "application/json", r.body().toString());
        }
        if (path.equals(service + "/feedback")) {
            requireMethod(method, "POST");
            authenticate(request, path);
            JsonNode body = body(request);
            List<FeedbackStore.Feedback> items;
            try {
                items = FeedbackRequest.items(body, clock.instant());
            } catch (PatientView.BadRequest e) {
                throw new HttpError(e.status, e.getMessage());
            }
            int stored = feedback == null ? 0 : feedback.feedback(items);
            LOG.debug("Feedback: {} item(s), {} stored", items.size(), stored);
            return send(response, callback, 200, "application/json", "{}");
        }
        if (path.startsWith("/reports/")) {
            requireMethod(method, "GET");
            java.util.Optional<String> page = reports.get(path.substring("/reports/".length()));
            if (page.isEmpty()) {
                throw new HttpError(404, "no such report (links expire after " + REPORT_LIFETIME.toMinutes() + " minutes)");
            }
            response.getHeaders().put("Cache-Control", "no-store");
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            return send(response, callback, 200, "text/html; charset=utf-8", page.get());
        }
        if (path.startsWith("/cds-services/")) {
            throw new HttpError(404, "no such CDS service: this service offers " + PatientView.ID);
        }
        throw new HttpError(404, "not found");
    }

    private static void requireMethod(String method, String expected) throws HttpError {
        if (!method.equals(expected)) {
            throw new HttpError(405, "method " + method + " not allowed here: use " + expected);
        }
    }

    private void authenticate(Request request, String path) throws HttpError {
        try {
            jwt.verify(request.getHeaders().get(HttpHeader.AUTHORIZATION), base() + path);
        } catch (JwtVerifier.Rejected e) {
            throw new HttpError(401, e.getMessage());
        }
    }

    private JsonNode body(Request request) throws HttpError, IOException {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxBody) {
            throw new HttpError(413, "the body is larger than " + maxBody + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(maxBody + 1);
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.util.concurrent.TimeoutException) {
                    // a client that stops sending its body: a timeout of the request, never a server error
                    throw new HttpError(408, "the body did not arrive within " + idleTimeout.toSeconds() + " s");
                }
            }
            throw e;
        }
        if (bytes.length > maxBody) {
            throw new HttpError(413, "the body is larger than " + maxBody + " bytes");
        }
        JsonNode n;
        try {
            // the library's hardened reading: a key given twice, deep nesting or trailing text is refused, so that the
            // service never reads a different request than a gateway in front of it checked
            n = org.openrom.core.json.RomJson.readTree(new java.io.ByteArrayInputStream(bytes), "body");
        } catch (org.openrom.core.DataFormatException e) {
            throw new HttpError(400, "the body is not JSON as this service reads it: " + e.getMessage()
                    .replaceFirst("^body(:[0-9]+)*: ", ""));
        }
        if (n == null || !n.isObject()) {
            throw new HttpError(400, "the body must be a JSON object");
        }
        return n;
    }

    private String token() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static int send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Content.Sink.write(response, true, body, callback);
        return status;
    }

    private void error(Response response, Callback callback, int status, String message) {
        ObjectNode e = json.createObjectNode();
        e.putObject("error").put("status", status).put("message", message);
        if (status == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        }
        send(response, callback, status, "application/json", e.toString());
    }

    // ---- configuration ---------------------------------------------------------------------------------------

    /** Configures a service; {@link #build()} checks everything. */
    public static final class Builder {
        private InstrumentRegistry instruments;
        private RuleRegistry ruleRegistry;
        private final List<String> rules = new ArrayList<>();
        private String host = "127.0.0.1";
        private int port = 8080;
        private String baseUrl;
        private final Map<String, List<URI>> trusted = new LinkedHashMap<>();
        private FeedbackStore feedback;
        private int maxBody = DEFAULT_MAX_BODY;
        private int threads = 200;
        private int viewCache = 256;
        private Duration idleTimeout = Duration.ofSeconds(10);
        private final List<String> corsOrigins = new ArrayList<>();
        private Path keyStore;
        private char[] keyStorePassword;
        private AlertWording wording = AlertWording.neutral();
        private org.openrom.fhir.FormMap forms = org.openrom.fhir.FormMap.loadDefault();
        private String language = "en";
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** @return this, with the instruments (default: the installed ones) */
        public Builder instruments(InstrumentRegistry registry) {
            this.instruments = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** @return this, with the rule registry (default: the installed rules) */
        public Builder ruleRegistry(RuleRegistry registry) {
            this.ruleRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** @return this, with a rule spec the cards are about (at least one; repeatable) */
        public Builder rule(String spec) {
            rules.add(Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** @return this, listening on this address (default 127.0.0.1: only this machine) */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** @return this, on this port (default 8080; 0 picks a free one) */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new org.openrom.core.ValidationException("CDS service", "port", String.valueOf(port), "0..65535");
            }
            this.port = port;
            return this;
        }

        /**
         * @param url the public base URL (behind a reverse proxy: the proxy's https URL); the JWT's {@code aud} must be
         *     this plus the endpoint's path
         * @return this
         */
        public Builder baseUrl(String url) {
            Objects.requireNonNull(url, "url");
            URI u = URI.create(url);
            if (u.getScheme() == null || !List.of("http", "https").contains(u.getScheme()) || u.getHost() == null) {
                throw new org.openrom.core.ValidationException("CDS service", "baseUrl", url, "an http(s) URL");
            }
            this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            return this;
        }

        /**
         * Trusts an EHR: JWTs from this issuer are verified with the keys at this JWKS URL (repeatable: the URLs of
         * one issuer form its {@code jku} allow-list). Plain http is allowed only on loopback.
         *
         * @param issuer the {@code iss} the EHR signs with
         * @param jwksUrl its key set's URL
         * @return this
         */
        public Builder trust(String issuer, String jwksUrl) {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            URI u;
            try {
                u = URI.create(jwksUrl);
            } catch (IllegalArgumentException e) {
                throw new org.openrom.core.ValidationException("CDS service", "trust", jwksUrl, "a JWKS URL");
            }
            boolean loopback = u.getHost() != null && (u.getHost().equals("127.0.0.1") || u.getHost().equals("localhost")
                    || u.getHost().equals("[::1]"));
            if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
                throw new org.openrom.core.ValidationException("CDS service", "trust", jwksUrl,
                        "an https JWKS URL (plain http only on loopback)");
            }
            trusted.computeIfAbsent(issuer, k -> new ArrayList<>()).add(u);
            return this;
        }

        /** @return this, recording cards and feedback in the store (the caller closes it) */
        public Builder feedback(FeedbackStore store) {
            this.feedback = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @return this, with the largest request body accepted, bytes (default 1 MiB) */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1024) {
                throw new org.openrom.core.ValidationException("CDS service", "maxBodyBytes", String.valueOf(bytes),
                        "at least 1024");
            }
            this.maxBody = bytes;
            return this;
        }

        /** @return this, with at most this many request threads (default 200) */
        public Builder threads(int n) {
            if (n < 8) {
                throw new org.openrom.core.ValidationException("CDS service", "threads", String.valueOf(n), "at least 8");
            }
            this.threads = n;
            return this;
        }

        /**
         * @param entries how many chart openings (patient and prefetch) a node keeps what it computed from, so that
         *     opening the same chart with the same prefetch again skips reading, scoring, the rules and the page
         *     (0 to 100000; 0 keeps none; default 256), their prefetches holding at most 25 resources per patient kept
         *     in all. Acknowledgements are read at every request all the same.
         * @return this
         */
        public Builder viewCache(int entries) {
            if (entries < 0 || entries > 100_000) {
                throw new org.openrom.core.ValidationException("CDS service", "viewCache", String.valueOf(entries),
                        "0 to 100000");
            }
            this.viewCache = entries;
            return this;
        }

        /**
         * Allows a browser page of {@code origin} (a CDS Hooks sandbox, an EHR's web client) to call the hook and
         * feedback endpoints (CORS); discovery is open to every origin. Repeatable.
         *
         * @param origin an origin such as {@code https://sandbox.cds-hooks.org} (scheme, host, optional port)
         * @return this
         * @throws org.openrom.core.ValidationException when it is not an http(s) origin
         */
        public Builder corsOrigin(String origin) {
            Objects.requireNonNull(origin, "origin");
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new org.openrom.core.ValidationException("CDS service", "corsOrigin", org.openrom.core.SafeText
                        .show(origin), "an origin: http(s)://host[:port], without a path");
            }
            corsOrigins.add(origin);
            return this;
        }

        /**
         * @param timeout how long a connection may stay silent, a request's body included (default 10 s); a body that
         *     stalls longer is a 408
         * @return this
         * @throws org.openrom.core.ValidationException outside 1 s to 5 min
         */
        public Builder idleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new org.openrom.core.ValidationException("CDS service", "idleTimeout", timeout.toString(),
                        "1 s to 5 min");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** @return this, serving https with the key store (PKCS#12 or JKS) */
        public Builder tls(Path keyStore, char[] password) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyStorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** @return this, wording alerts the clinic's way (default: the neutral wording) */
        public Builder alertWording(AlertWording wording) {
            this.wording = Objects.requireNonNull(wording, "wording");
            return this;
        }

        /**
         * @param forms the EHR's own Questionnaires mapped onto instruments (default: the built-in LOINC panels of PHQ-9
         *     and GAD-7), e.g. read from the clinic's JSON with {@link org.openrom.fhir.FormMap#read}
         * @return this
         */
        public Builder formMap(org.openrom.fhir.FormMap forms) {
            this.forms = Objects.requireNonNull(forms, "forms");
            return this;
        }

        /** @return this, writing cards and reports in this language (en or da; default en) */
        public Builder language(String language) {
            this.language = Objects.requireNonNull(language, "language");
            return this;
        }

        /** @return this, with the clock that checks expiry (tests) */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the service, not yet listening
         * @throws org.openrom.core.ValidationException when no rule or no trusted issuer is configured
         */
        public CdsService build() {
            List<org.openrom.core.Violation> v = new ArrayList<>();
            if (rules.isEmpty()) {
                v.add(new org.openrom.core.Violation("rules", "[]", "at least one rule spec"));
            }
            if (trusted.isEmpty()) {
                v.add(new org.openrom.core.Violation("trust", "none", "at least one trusted issuer and its JWKS URL"));
            }
            if (!List.of("en", "da").contains(language)) {
                v.add(new org.openrom.core.Violation("language", language, "en or da"));
            }
            if (!v.isEmpty()) {
                throw new org.openrom.core.ValidationException("CDS service", v);
            }
            if (instruments == null) {
                instruments = InstrumentRegistry.loadDefault();
            }
            if (ruleRegistry == null) {
                ruleRegistry = RuleRegistry.loadDefault();
            }
            return new CdsService(this);
        }
    }
}
