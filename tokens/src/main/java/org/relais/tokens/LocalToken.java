package org.relais.tokens;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One local bearer token, a compact RS256 JWS: the one signer of the launcher ({@code deploy/relais token}, through
 * {@link TokenCommand}), the gateway's local sign-in, the tests and the bench. Production tokens come from the city's
 * OIDC provider instead.
 *
 * <p>The JDK only, not smallrye-jwt-build: the launcher compiles and runs this without a Maven build or a classpath.
 *
 * <p>Claims, in this order: {@code iss}, {@code sub} and {@code upn} (the same), {@code groups} (the role),
 * {@code iat}, {@code exp}, {@code patrol_id} when a patrol is given, {@code facility_ids} when facilities are, then
 * any extra claim (a test's; one with a name above replaces that claim).
 */
public final class LocalToken {

    /** Issuer and key id of the local platform's tokens. */
    public static final String LOCAL_ISSUER = "relais-local";
    public static final String LOCAL_KID = "relais-local";
    /** What {@code deploy/relais token} gives when asked for no other lifetime. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final String role;
    private String subject;
    private String patrol;
    private List<String> facilities = List.of();
    private String issuer = LOCAL_ISSUER;
    private String kid = LOCAL_KID;
    private Instant issuedAt = Instant.now();
    private Duration lifetime = DEFAULT_LIFETIME;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private LocalToken(String role) {
        this.role = Objects.requireNonNull(role, "role");
    }

    /** A token for this role ({@link Claims#ROLES}; not checked here, so that tests can sign a foreign one). */
    public static LocalToken of(String role) {
        return new LocalToken(role);
    }

    /** {@code sub} and {@code upn}; by default {@code local-ROLE}, or {@code local-patrol-PATROL}. */
    public LocalToken subject(String subject) {
        this.subject = subject;
        return this;
    }

    public LocalToken patrol(String patrolId) {
        this.patrol = patrolId;
        return this;
    }

    /** The operator's facilities; none writes no claim. */
    public LocalToken facilities(List<String> facilityIds) {
        this.facilities = facilityIds == null ? List.of() : List.copyOf(facilityIds);
        return this;
    }

    public LocalToken issuer(String issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        return this;
    }

    public LocalToken kid(String kid) {
        this.kid = Objects.requireNonNull(kid, "kid");
        return this;
    }

    public LocalToken issuedAt(Instant issuedAt) {
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        return this;
    }

    public LocalToken lifetime(Duration lifetime) {
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        return this;
    }

    /** Any other claim (tests: several roles, odd values); a string, whole number, boolean, list or map. */
    public LocalToken claim(String name, Object value) {
        extra.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    public Instant expiresAt() {
        return issuedAt.plus(lifetime);
    }

    /** The claims as JSON, as they are signed. */
    public String claimsJson() {
        String sub = subject != null ? subject : "local-" + role + (patrol == null ? "" : "-" + patrol);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", sub);
        claims.put("upn", sub);
        claims.put(Claims.GROUPS, List.of(role));
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt().getEpochSecond());
        if (patrol != null) {
            claims.put(Claims.PATROL_ID, patrol);
        }
        if (!facilities.isEmpty()) {
            claims.put(Claims.FACILITY_IDS, facilities);
        }
        claims.putAll(extra);
        return Json.write(claims);
    }

    /** {@code header.claims.signature}, signed with this RSA private key. */
    public String sign(PrivateKey key) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", kid);
        String signingInput = encode(Json.write(header)) + "." + encode(claimsJson());
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rsa.sign());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static String encode(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
