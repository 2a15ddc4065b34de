package org.openrom.cds;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.Bundle;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.fhir.FhirMapper;

/** A fake EHR for the tests: its signing keys, its JWKS endpoint on loopback, its tokens and its hook requests. */
final class Ehr implements AutoCloseable {
    static final String ISSUER = "https://ehr.example";
    static final InstrumentRegistry REG = InstrumentRegistry.loadDefault();
    static final FhirMapper MAPPER = new FhirMapper(FhirContext.forR4(), REG);
    final RSAKey key;
    final RSAKey stranger;
    private final Server jwks;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Ehr() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("ehr-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("ehr-1").generate();
        String set = new JWKSet(key.toPublicJWK()).toString();
        jwks = loopback(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                    org.eclipse.jetty.util.Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, set, callback);
                return true;
            }
        });
    }

    /** A started Jetty server on 127.0.0.1 and a free port, serving with the handler (the test stops it). */
    static Server loopback(Handler handler) throws Exception {
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(handler);
        server.start();
        return server;
    }

    String jwksUrl() {
        return "http://127.0.0.1:" + ((ServerConnector) jwks.getConnectors()[0]).getLocalPort() + "/jwks.json";
    }

    /** A valid token for the endpoint URL. */
    String token(String aud) throws Exception {
        return token(aud, key, ISSUER, Instant.now(), 60, UUID.randomUUID().toString(), null);
    }

    String token(String aud, RSAKey signer, String issuer, Instant iat, long lifetime, String jti, URI jku) throws Exception {
        return token(aud, signer, issuer, iat, lifetime, jti, jku, signer.getKeyID());
    }

    /** A token whose header names key {@code kid} (null: no kid at all). */
    String token(String aud, RSAKey signer, String issuer, Instant iat, long lifetime, String jti, URI jku, String kid)
            throws Exception {
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.RS384).type(JOSEObjectType.JWT).keyID(kid);
        if (jku != null) {
            h.jwkURL(jku);
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("client-1").audience(aud)
                .issueTime(Date.from(iat)).expirationTime(Date.from(iat.plusSeconds(lifetime))).jwtID(jti).build();
        SignedJWT jwt = new SignedJWT(h.build(), claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    /** An empty search result: the EHR found nothing. */
    static final String EMPTY = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}";

    /** A patient-view request whose prefetch holds the given administrations as QuestionnaireResponses. */
    static String hook(String patient, List<Administration> administrations) {
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (Administration a : administrations) {
            b.addEntry().setResource(MAPPER.questionnaireResponse(a));
        }
        String bundle = FhirContext.forR4().newJsonParser().encodeResourceToString(b);
        return "{\"hook\":\"patient-view\",\"hookInstance\":\"" + UUID.randomUUID() + "\",\"fhirServer\":\"" + ISSUER
                + "/fhir\",\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"" + patient + "\"},"
                + "\"prefetch\":{\"responses\":" + bundle + ",\"observations\":" + EMPTY + "}}";
    }

    /** ODSIS getting worse over three weeks, homework not done, and a PHQ-9 whose item 9 is {@code item9} in week 2. */
    static List<Administration> worsening(String patient, int item9) {
        int[][] weeks = {{2, 2, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 3, 3}};
        List<Administration> out = new java.util.ArrayList<>();
        for (int w = 0; w < weeks.length; w++) {
            out.add(Administration.builder(patient, "odsis", w).answers("q", weeks[w]).date(LocalDate.of(2024, 1, 1)
                    .plusDays(7L * w)).build());
        }
        out.add(Administration.builder(patient, "phq9", 2).answers("q", 1, 1, 1, 1, 1, 1, 1, 1, item9)
                .date(LocalDate.of(2024, 1, 15)).build());
        // homework not done: evidence for a need, and so for a proposal
        out.add(Administration.builder(patient, "homework", 1).answer("q1", 0).date(LocalDate.of(2024, 1, 8)).build());
        return out;
    }

    /** Stable ODSIS, and a PHQ-9 with item 9 = 0. */
    static List<Administration> steady(String patient) {
        List<Administration> out = new java.util.ArrayList<>();
        for (int w = 0; w < 3; w++) {
            out.add(Administration.builder(patient, "odsis", w).answers("q", 2, 2, 2, 2, 2).date(LocalDate.of(2024, 1, 1)
                    .plusDays(7L * w)).build());
        }
        out.add(Administration.builder(patient, "phq9", 2).answers("q", 1, 1, 1, 1, 1, 1, 1, 1, 0).build());
        return out;
    }

    static HttpResponse<String> post(String url, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            jwks.stop();
        } catch (Exception e) {
            throw new java.io.IOException("cannot stop the JWKS server", e);
        }
    }
}
