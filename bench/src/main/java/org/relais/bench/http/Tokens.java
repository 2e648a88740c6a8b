package org.relais.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Bearer tokens for the local platform, signed like `deploy/relais token` does (RS256 with the launcher's
 * key pair in its state folder), so the bench can act as many operators, patrols and coordinators without
 * forking a process per token. Without a key pair (a platform without authentication) it sends no header.
 */
public final class Tokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final long TTL_SECONDS = 12 * 3600;

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
            return new Tokens(readKey(Files.readString(pem)), System.getenv().getOrDefault("RELAIS_TOKEN_ISSUER", "relais-local"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the token signing key " + pem + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey readKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
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
        return cache.computeIfAbsent(cacheKey, k -> Map.of("Authorization", "Bearer " + sign(role, subject, patrolId, facilities)));
    }

    String sign(String role, String subject, String patrolId, List<String> facilities) {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder payload = new StringBuilder()
                .append("{\"iss\":\"").append(issuer).append("\",\"sub\":\"").append(subject).append("\",\"upn\":\"").append(subject)
                .append("\",\"groups\":[\"").append(role).append("\"],\"iat\":").append(now).append(",\"exp\":").append(now + TTL_SECONDS);
        if (patrolId != null) {
            payload.append(",\"patrol_id\":\"").append(patrolId).append('"');
        }
        if (!facilities.isEmpty()) {
            payload.append(",\"facility_ids\":[")
                    .append(facilities.stream().map(f -> '"' + f + '"').collect(Collectors.joining(","))).append(']');
        }
        payload.append('}');
        String unsigned = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"relais-local\"}") + "." + encode(payload.toString());
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(unsigned.getBytes(StandardCharsets.US_ASCII));
            return unsigned + "." + URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
