package org.relais.gateway.devlogin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Roles;
import org.relais.common.security.Rs256;
import org.relais.gateway.security.LocalSignIn;

/**
 * Signs local sign-in tokens exactly as {@code deploy/relais token} does (RS256 with the launcher's key,
 * same claims and lifetime), so the services verify them with the public key they already trust.
 */
@ApplicationScoped
public class DevTokens {

    /** A signed token and when it stops being accepted. */
    public record Signed(String token, Instant expiresAt) {
    }

    private final DevLoginConfig config;
    private final ObjectMapper mapper;
    private volatile PrivateKey key;

    public DevTokens(DevLoginConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * A deployment that trusts a real identity provider must never also mint its own tokens: anyone could sign in
     * as anyone. Refuse to start rather than serve both.
     */
    void refuseBesideAnIdentityProvider(@Observes StartupEvent event,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> identityProvider) {
        if (config.enabled() && identityProvider.filter(url -> !url.isBlank()).isPresent()) {
            throw new IllegalStateException("relais.dev-login.enabled is true while quarkus.oidc.auth-server-url is set:"
                    + " the local sign-in is for a local platform only. Turn it off.");
        }
    }

    /** Bound beyond loopback, the sign-in would let anyone on the network sign in as admin: refuse to start. */
    void refuseBeyondLoopback(@Observes StartupEvent event, @ConfigProperty(name = "quarkus.http.host") String httpHost) {
        LocalSignIn.requireLoopbackBinding(config.enabled(), httpHost);
    }

    public boolean enabled() {
        return config.enabled();
    }

    public Signed sign(String role, String patrolId, List<String> facilityIds, Instant now) {
        String subject = "local-" + role + (patrolId == null ? "" : "-" + patrolId);
        Instant expiresAt = now.plus(config.lifetime());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", config.issuer());
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", List.of(role));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        if (patrolId != null) {
            claims.put(Roles.PATROL_CLAIM, patrolId);
        }
        if (facilityIds != null && !facilityIds.isEmpty()) {
            claims.put(Roles.FACILITIES_CLAIM, facilityIds);
        }
        try {
            return new Signed(Rs256.sign("relais-local", mapper.writeValueAsBytes(claims), key()), expiresAt);
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a local sign-in token", e);
        }
    }

    /** Read once, on first use (the key file is the launcher's, it may appear after the gateway's start). */
    private PrivateKey key() throws GeneralSecurityException {
        PrivateKey loaded = key;
        if (loaded == null) {
            String path = config.key().filter(p -> !p.isBlank()).orElseThrow(() -> new ProblemException(503,
                    "Service Unavailable", "Local sign-in has no signing key (relais.dev-login.key)."));
            try {
                String pem = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
                loaded = parse(pem);
            } catch (IOException | IllegalArgumentException e) {
                throw new ProblemException(503, "Service Unavailable", "Local sign-in cannot read its signing key.");
            }
            key = loaded;
        }
        return loaded;
    }

    /** A PKCS#8 PEM ("BEGIN PRIVATE KEY", what {@code openssl genpkey} writes). */
    static PrivateKey parse(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
