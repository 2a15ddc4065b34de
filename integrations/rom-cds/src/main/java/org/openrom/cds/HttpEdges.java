package org.openrom.cds;

import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/** The service's HTTP edges: its connector, what it says to browsers, and how its log names a request's path. */
final class HttpEdges {
    private static final String SERVICE = "/cds-services/" + PatientView.ID;

    private HttpEdges() {
    }

    /**
     * The listening connector: plain HTTP, or TLS with the key store when one is given. No Server header and no
     * version anywhere: an attacker learns nothing of the stack from a response.
     */
    static org.eclipse.jetty.server.ServerConnector connector(org.eclipse.jetty.server.Server server,
            java.nio.file.Path keyStore, char[] password) {
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        org.eclipse.jetty.server.HttpConnectionFactory h1 = new org.eclipse.jetty.server.HttpConnectionFactory(http);
        if (keyStore == null) {
            return new org.eclipse.jetty.server.ServerConnector(server, h1);
        }
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStorePassword(new String(password));
        return new org.eclipse.jetty.server.ServerConnector(server, ssl, h1);
    }

    /** Whether the path is one of the service's own endpoints (discovery, the hook, its feedback). */
    static boolean endpoint(String path) {
        return path.equals("/cds-services") || path.equals(SERVICE) || path.equals(SERVICE + "/feedback");
    }

    /**
     * CORS, as CDS Hooks asks of a service: discovery is open to every origin; the hook and feedback endpoints answer
     * only the origins allowed ({@link CdsService.Builder#corsOrigin}). A disallowed origin gets no CORS header, so
     * the browser blocks the page; the request itself is still authenticated by its JWT like any other.
     */
    static void cors(Request request, Response response, String path, Set<String> allowed) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return;
        }
        response.getHeaders().put(HttpHeader.VARY, "Origin");
        if (path.equals("/cds-services")) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else if (allowed.contains(origin)) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
    }

    /** The headers of a CORS preflight on one of the service's endpoints: the methods and headers it reads. */
    static void preflight(Response response, String path) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, path.equals("/cds-services") ? "GET, OPTIONS"
                : "POST, OPTIONS");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
    }

    /** A request's path as the log shows it: the service's own paths, a report's without its token, else "other". */
    static String loggedPath(String path) {
        if (endpoint(path)) {
            return path;
        }
        return path.startsWith("/reports/") ? "/reports/…" : "(other)";
    }
}
