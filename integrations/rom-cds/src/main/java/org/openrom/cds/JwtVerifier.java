package org.openrom.cds;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies the JWT a CDS client (the EHR) signs each request with, as CDS Hooks 2.0 requires: the issuer must be on
 * the allow-list, the key comes from a JWKS URL the allow-list gives for that issuer (a {@code jku} header must be one
 * of them), the header names the key ({@code kid}), the signature is RS384 or ES384 (or RS256/ES256), {@code aud} is
 * the service's URL, {@code exp}, {@code iat} and {@code jti} are present, {@code iat} is not in the future (beyond a
 * minute of clock skew), the token lives at most five minutes, and a {@code jti} is accepted once. Nimbus
 * JOSE+JWT does the cryptography and the key fetching (cached). Thread-safe.
 */
final class JwtVerifier {
    /** The longest a token may live (exp - iat), seconds: the CDS Hooks specification's five minutes. */
    static final long MAX_LIFETIME_SECONDS = 300;
    /**
     * How far a token's {@code iat} may lie ahead of this server's clock, seconds: the clocks of the EHR and the service
     * may differ a little (Nimbus's default skew), but a token issued in the future would make the five-minute lifetime
     * bound nothing.
     */
    static final long MAX_CLOCK_SKEW_SECONDS = 60;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384,
            JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /** A rejected token: the message says why (no token content in it). */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    /** Where a token's first use is recorded when several nodes share a store: atomic across them. */
    @FunctionalInterface
    interface ReplayCache {
        /**
         * @param id issuer and jti
         * @param expires the token's expiry
         * @return true the first time the id is seen, false after
         * @throws java.sql.SQLException when the store cannot be reached
         */
        boolean firstUse(String id, java.time.Instant expires) throws java.sql.SQLException;
    }

    private final Map<String, List<URI>> trusted;
    private final Clock clock;
    private final ReplayCache shared;
    private final Map<URI, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();
    /** The Java keys of the key sets' entries, converted once each (a rotation adds entries; a bound clears them). */
    private final Map<JWK, List<java.security.Key>> keys = new ConcurrentHashMap<>();
    /** issuer + jti -> expiry (epoch seconds): a token is accepted once. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    JwtVerifier(Map<String, List<URI>> trusted, Clock clock) {
        this(trusted, clock, null);
    }

    /**
     * @param shared the shared store of used tokens (every node refuses a token any node has seen), or null to keep
     *     them in this process's memory
     */
    JwtVerifier(Map<String, List<URI>> trusted, Clock clock, ReplayCache shared) {
        this.trusted = Map.copyOf(trusted);
        this.clock = clock;
        this.shared = shared;
    }

    /** The key set to verify with (the jku header, when on the issuer's allow-list), after the header's checks. */
    private static URI keySet(SignedJWT jwt, List<URI> allowed) throws Rejected {
        URI jku;
        if (jwt.getHeader().getJWKURL() != null) {
            jku = jwt.getHeader().getJWKURL();
            if (!allowed.contains(jku)) {
                throw new Rejected("the jku header is not on this issuer's allow-list");
            }
        } else {
            jku = allowed.get(0);
        }
        if (jwt.getHeader().getKeyID() == null || jwt.getHeader().getKeyID().isBlank()) {
            // CDS Hooks 2.0 requires the key's id, so that a key set with several keys (a rotation) is unambiguous
            throw new Rejected("the JWT header has no kid (CDS Hooks requires the signing key's id)");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw new Rejected("the signing algorithm is not one of RS384, ES384, RS256, ES256");
        }
        return jku;
    }

    /** The token's times: at most five minutes long, not issued in the future (beyond the skew), exp after iat. */
    private static void checkLifetime(JWTClaimsSet verified, long now) throws Rejected {
        long iat = verified.getIssueTime().toInstant().getEpochSecond();
        long exp = verified.getExpirationTime().toInstant().getEpochSecond();
        if (exp - iat > MAX_LIFETIME_SECONDS) {
            throw new Rejected("the JWT lives longer than " + MAX_LIFETIME_SECONDS + " s (exp - iat)");
        }
        if (iat > now + MAX_CLOCK_SKEW_SECONDS) {
            throw new Rejected("the JWT is issued in the future (iat more than " + MAX_CLOCK_SKEW_SECONDS
                    + " s ahead of this server's clock)");
        }
        if (exp <= iat) {
            throw new Rejected("the JWT expires before it is issued (exp <= iat)");
        }
    }

    /**
     * @param authorization the Authorization header, or null
     * @param audience the URL the client called (the service's own endpoint URL)
     * @return the verified issuer
     * @throws Rejected naming why the request is not authenticated
     */
    String verify(String authorization, String audience) throws Rejected {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Rejected("a Bearer JWT in the Authorization header is required");
        }
        SignedJWT jwt;
        JWTClaimsSet unverified;
        try {
            jwt = SignedJWT.parse(authorization.substring(7).trim());
            unverified = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Rejected("the Authorization header is not a signed JWT");
        }
        String issuer = unverified.getIssuer();
        List<URI> allowed = issuer == null ? null : trusted.get(issuer);
        if (allowed == null) {
            throw new Rejected("the issuer is not trusted by this service");
        }
        URI jku = keySet(jwt, allowed);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new CachedKeySelector(source(jku), keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iss", "aud", "exp", "iat", "jti")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet verified;
        try {
            verified = processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new Rejected("the JWT is not valid: " + reason(e));
        } catch (JOSEException e) {
            throw new Rejected("the JWT could not be verified (key set unavailable or unusable)");
        }
        long now = clock.instant().getEpochSecond();
        checkLifetime(verified, now);
        long exp = verified.getExpirationTime().toInstant().getEpochSecond();
        if (seen.size() > 10_000) {
            seen.values().removeIf(e -> e < now - 60);
        }
        // the issuer's length first: unambiguous, and no NUL (PostgreSQL refuses it in text)
        String id = issuer.length() + ":" + issuer + verified.getJWTID();
        if (shared != null) {
            boolean first;
            try {
                first = shared.firstUse(id, java.time.Instant.ofEpochSecond(exp));
            } catch (java.sql.SQLException e) {
                // a token that cannot be checked against the other nodes is not accepted
                throw new Rejected("the JWT cannot be checked for replay now (the shared store is unavailable)");
            }
            if (!first) {
                throw new Rejected("the JWT was used before (jti replay)");
            }
        } else if (seen.putIfAbsent(id, exp) != null) {
            throw new Rejected("the JWT was used before (jti replay)");
        }
        return issuer;
    }

    private JWKSource<SecurityContext> source(URI jku) throws Rejected {
        try {
            URL url = jku.toURL();
            return sources.computeIfAbsent(jku, k -> JWKSourceBuilder.<SecurityContext>create(url).retrying(false).build());
        } catch (java.net.MalformedURLException e) {
            throw new Rejected("the issuer's JWKS URL is not a URL");
        }
    }

    /** Nimbus's reason, reduced to what it is about (never the token's content). */
    private static String reason(BadJOSEException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Expired")) {
            return "expired";
        }
        if (m.contains("audience") || m.contains("aud")) {
            return "aud is not this service's URL";
        }
        if (m.contains("missing required claims") || m.contains("Missing")) {
            return "iss, aud, exp, iat and jti are required";
        }
        if (m.contains("issued") || m.contains("iat")) {
            return "issued in the future";
        }
        if (m.contains("signature") || m.contains("key")) {
            return "the signature does not verify with the issuer's keys";
        }
        return "rejected";
    }

    /**
     * Nimbus's selection of the verification keys (the header's {@code kid} and algorithm matched against the key set,
     * which Nimbus fetches and caches), with each key set entry converted to a Java public key once instead of at
     * every request: the conversion decodes the key's numbers, which was a tenth of a request's CPU time under load.
     */
    private static final class CachedKeySelector implements JWSKeySelector<SecurityContext> {
        private final JWKSource<SecurityContext> source;
        private final Map<JWK, List<java.security.Key>> converted;

        CachedKeySelector(JWKSource<SecurityContext> source, Map<JWK, List<java.security.Key>> converted) {
            this.source = source;
            this.converted = converted;
        }

        @Override
        public List<java.security.Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            JWSAlgorithm alg = header.getAlgorithm();
            JWKMatcher matcher = ALGORITHMS.contains(alg) ? JWKMatcher.forJWSHeader(header) : null;
            if (matcher == null) {
                return List.of();
            }
            if (converted.size() > 64) {
                converted.clear();
            }
            List<java.security.Key> out = new java.util.ArrayList<>();
            for (JWK jwk : source.get(new JWKSelector(matcher), context)) {
                for (java.security.Key k : converted.computeIfAbsent(jwk, j -> KeyConverter.toJavaKeys(List.of(j)))) {
                    boolean fits = JWSAlgorithm.Family.RSA.contains(alg) ? k instanceof java.security.interfaces.RSAPublicKey
                            : k instanceof java.security.interfaces.ECPublicKey;
                    if (fits) {
                        out.add(k);
                    }
                }
            }
            return out;
        }
    }
}
