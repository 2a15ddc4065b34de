package org.openrom.benchmarks.cds;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.openrom.core.instrument.InstrumentRegistry;
import org.openrom.core.score.Administration;
import org.openrom.fhir.FhirMapper;

/**
 * The EHR's side of the load: an RSA key and its JWKS on a loopback port, pre-signed tokens, and patient-view bodies
 * whose prefetch holds QuestionnaireResponses as an EHR sends them.
 */
final class LoadEhr implements AutoCloseable {
    static final String ISSUER = "https://ehr.load.example";
    private final RSAKey key;
    private final HttpServer jwks;

    LoadEhr() throws JOSEException, IOException {
        key = new RSAKeyGenerator(2048).keyID("load-1").generate();
        byte[] set = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, set.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(set);
            }
        });
        jwks.start();
    }

    /** The {@code --trust} argument of {@code rom serve}: this issuer and its key set's URL. */
    String trust() {
        return ISSUER + "=http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
    }

    /**
     * Signs tokens ahead of the clock: one per request, each with its own jti, issued now and valid for five minutes.
     *
     * @param aud the endpoint's URL
     * @param n how many
     * @return the serialised tokens
     */
    List<String> tokens(String aud, int n) throws JOSEException {
        RSASSASigner signer = new RSASSASigner(key);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS384).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
        Instant now = Instant.now();
        try {
            // on every core: signing is the slow part of getting ready, and none of it is measured
            return java.util.stream.IntStream.range(0, n).parallel().mapToObj(i -> {
                JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("load-client").audience(aud)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                        .jwtID(UUID.randomUUID().toString()).build();
                SignedJWT jwt = new SignedJWT(header, claims);
                try {
                    jwt.sign(signer);
                } catch (JOSEException e) {
                    throw new java.io.UncheckedIOException(new java.io.IOException(e));
                }
                return jwt.serialize();
            }).toList();
        } catch (java.io.UncheckedIOException e) {
            throw new JOSEException("cannot sign a token", e.getCause().getCause());
        }
    }

    /**
     * One token with the given jti (to use a token twice, on two nodes).
     *
     * @param aud the endpoint's URL
     * @param jti the token's id
     * @return the serialised token
     */
    String token(String aud, String jti) throws JOSEException {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS384).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(header, new JWTClaimsSet.Builder().issuer(ISSUER).subject("load-client").audience(aud)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(jti).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /**
     * Patient-view bodies for {@code patients} patients: half of them getting worse (with a PHQ-9 item 9 of 1, so a
     * safety card), half steady, each with three weeks of ODSIS.
     */
    static List<String> bodies(int patients) {
        InstrumentRegistry registry = InstrumentRegistry.loadDefault();
        FhirContext fhir = FhirContext.forR4();
        FhirMapper mapper = new FhirMapper(fhir, registry);
        List<String> out = new ArrayList<>(patients);
        for (int p = 0; p < patients; p++) {
            String id = "load-" + p;
            Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
            for (Administration a : history(id, p % 2 == 0)) {
                b.addEntry().setResource(mapper.questionnaireResponse(a));
            }
            String bundle = fhir.newJsonParser().encodeResourceToString(b);
            out.add("{\"hook\":\"patient-view\",\"hookInstance\":\"" + UUID.randomUUID() + "\",\"fhirServer\":\""
                    + ISSUER + "/fhir\",\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"" + id + "\"},"
                    + "\"prefetch\":{\"responses\":" + bundle + ",\"observations\":"
                    + "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}}}");
        }
        return out;
    }

    /** Whether the body of patient {@code index} should bring a safety card. */
    static boolean worsening(int index) {
        return index % 2 == 0;
    }

    private static List<Administration> history(String patient, boolean worsening) {
        int[][] weeks = worsening ? new int[][] {{2, 2, 2, 2, 2}, {3, 3, 2, 2, 3}, {3, 4, 3, 3, 3}}
                : new int[][] {{2, 2, 2, 2, 2}, {2, 2, 2, 2, 2}, {2, 2, 2, 2, 2}};
        LocalDate start = LocalDate.of(2026, 1, 5);
        List<Administration> out = new ArrayList<>();
        for (int w = 0; w < weeks.length; w++) {
            out.add(Administration.builder(patient, "odsis", w).answers("q", weeks[w]).date(start.plusDays(7L * w)).build());
        }
        out.add(Administration.builder(patient, "phq9", 2).answers("q", 1, 1, 1, 1, 1, 1, 1, 1, worsening ? 1 : 0)
                .date(start.plusDays(14)).build());
        out.add(Administration.builder(patient, "homework", 1).answer("q1", worsening ? 0 : 2).date(start.plusDays(7))
                .build());
        return out;
    }

    @Override
    public void close() {
        jwks.stop(0);
    }
}
