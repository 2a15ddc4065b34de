package org.openrom.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the prefetch did not bring from the EHR's FHIR server, with the access token the hook request gave
 * ({@code fhirAuthorization}): a search the prefetch omitted, and the next pages of a paged search. Only URLs under the
 * request's {@code fhirServer} are fetched (no request to any other host can be made through a hook), over https, or
 * plain http on loopback. A failure is not an error of the hook: the caller counts the history as incomplete.
 */
final class FhirFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(FhirFetcher.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String token;
    private final int maxBytes;
    private final ObjectMapper json;

    private FhirFetcher(String base, String token, int maxBytes, ObjectMapper json) {
        this.base = base;
        this.token = token;
        this.maxBytes = maxBytes;
        this.json = json;
    }

    /**
     * @param request the hook request
     * @param maxBytes the largest page read
     * @param json the mapper
     * @return a fetcher, when the request gives a usable {@code fhirServer} and a bearer {@code access_token}
     */
    static Optional<FhirFetcher> of(JsonNode request, int maxBytes, ObjectMapper json) {
        String server = request.path("fhirServer").asText(null);
        String token = request.path("fhirAuthorization").path("access_token").asText(null);
        if (server == null || token == null || token.isBlank() || !allowed(server)) {
            return Optional.empty();
        }
        return Optional.of(new FhirFetcher(server.endsWith("/") ? server : server + "/", token, maxBytes, json));
    }

    private static boolean allowed(String url) {
        try {
            URI u = URI.create(url);
            String host = u.getHost();
            boolean loopback = host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
            return u.getUserInfo() == null && ("https".equals(u.getScheme()) || ("http".equals(u.getScheme()) && loopback));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @return the search's first page (a query relative to the server, such as {@code Observation?subject=…}) */
    Optional<JsonNode> search(String query) {
        return page(base + query);
    }

    /** @return the page at an absolute URL under the server, or empty when it is elsewhere or cannot be read */
    Optional<JsonNode> page(String url) {
        if (!url.startsWith(base) || !allowed(url)) {
            LOG.info("Not following a link outside the request's FHIR server");
            return Optional.empty();
        }
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<InputStream> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) {
                    LOG.info("The FHIR server answered {} to a search", resp.statusCode());
                    return Optional.empty();
                }
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    LOG.info("A page of the FHIR server is larger than {} bytes", maxBytes);
                    return Optional.empty();
                }
                JsonNode n = json.readTree(bytes);
                return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.info("Could not read from the FHIR server: {}", e.getClass().getSimpleName());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
