package org.relais.gateway.devlogin;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relais.common.problem.ProblemException;
import org.relais.gateway.security.LocalSignIn;
import org.relais.tokens.LocalToken;
import org.relais.tokens.SigningKeys;

/**
 * Signs local sign-in tokens with the launcher's signer and key ({@code deploy/relais token}: same claims and
 * lifetime), so the services verify them with the public key they already trust.
 */
@ApplicationScoped
public class DevTokens {

    /** A signed token and when it stops being accepted. */
    public record Signed(String token, Instant expiresAt) {
    }

    private final DevLoginConfig config;
    private volatile PrivateKey key;

    public DevTokens(DevLoginConfig config) {
        this.config = config;
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
        LocalToken token = LocalToken.of(role).issuer(config.issuer()).patrol(patrolId).facilities(facilityIds)
                .issuedAt(now).lifetime(config.lifetime());
        return new Signed(token.sign(key()), token.expiresAt());
    }

    /** Read once, on first use (the key file is the launcher's, it may appear after the gateway's start). */
    private PrivateKey key() {
        PrivateKey loaded = key;
        if (loaded == null) {
            String path = config.key().filter(p -> !p.isBlank()).orElseThrow(() -> new ProblemException(503,
                    "Service Unavailable", "Local sign-in has no signing key (relais.dev-login.key)."));
            try {
                loaded = SigningKeys.readPrivateKey(Path.of(path));
            } catch (IOException | IllegalArgumentException e) {
                throw new ProblemException(503, "Service Unavailable", "Local sign-in cannot read its signing key.");
            }
            key = loaded;
        }
        return loaded;
    }
}
