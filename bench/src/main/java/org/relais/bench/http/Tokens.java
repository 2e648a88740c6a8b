package org.relais.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.relais.tokens.LocalToken;
import org.relais.tokens.SigningKeys;

/**
 * Bearer tokens for the local platform, signed by the launcher's own signer ({@link LocalToken}) with the key pair
 * in its state folder, so the bench can act as many operators, patrols and coordinators without
 * forking a process per token. Without a key pair (a platform without authentication) it sends no header.
 */
public final class Tokens {

    private final PrivateKey key;
    private final String issuer;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();

    private Tokens(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    public static Tokens none() {
        return new Tokens(null, null);
    }

    /** Tokens signed with {@code stateDir/keys/jwt-private.pem} when it exists, none otherwise. */
    public static Tokens fromState(Path stateDir) {
        Path pem = stateDir.resolve("keys").resolve("jwt-private.pem");
        if (!Files.isReadable(pem)) {
            return none();
        }
        try {
            String issuer = System.getenv().getOrDefault("RELAIS_TOKEN_ISSUER", LocalToken.LOCAL_ISSUER);
            return new Tokens(SigningKeys.readPrivateKey(pem), issuer);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the token signing key " + pem + ": " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return key != null;
    }

    public Map<String, String> coordinator(String subject) {
        return header("coordinator", subject, null, List.of());
    }

    /** One admin; the gateway limits each token subject's rate, so a bulk registration spreads over several. */
    public Map<String, String> admin(String subject) {
        return header("admin", subject, null, List.of());
    }

    public Map<String, String> patrol(String patrolId) {
        return patrol(patrolId, 0);
    }

    /** One member of a patrol team, with an account (token subject) of their own. */
    public Map<String, String> patrol(String patrolId, int member) {
        return header("patrol", "bench-patrol-" + patrolId + "-" + member, patrolId, List.of());
    }

    /** One operator for these facilities (keep the list short: the token travels in a header). */
    public Map<String, String> operator(String subject, List<String> facilityIds) {
        return header("operator", subject, null, facilityIds);
    }

    private Map<String, String> header(String role, String subject, String patrolId, List<String> facilities) {
        if (key == null) {
            return Map.of();
        }
        String cacheKey = role + "|" + subject + "|" + patrolId + "|" + facilities;
        return cache.computeIfAbsent(cacheKey, k -> Map.of("Authorization", "Bearer "
                + LocalToken.of(role).issuer(issuer).subject(subject).patrol(patrolId).facilities(facilities).sign(key)));
    }
}
