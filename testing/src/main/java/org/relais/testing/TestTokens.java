package org.relais.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relais.common.security.Rs256;

/**
 * Signed bearer tokens for tests, shaped like the launcher's ({@code deploy/relais token}): RS256, issuer
 * {@link #ISSUER}, role in {@code groups}, {@code patrol_id} / {@code facility_ids} bindings.
 *
 * <p>The key pair is made once per test JVM and kept in a file named after the process, because the test
 * resource and the test itself may be loaded by different class loaders.
 */
public final class TestTokens {

    public static final String ISSUER = "relais-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTokens() {
    }

    public static String patrol(String patrolId) {
        return token("patrol").patrol(patrolId).sign();
    }

    public static String operator(String... facilityIds) {
        return token("operator").facilities(facilityIds).sign();
    }

    public static String coordinator() {
        return token("coordinator").sign();
    }

    public static String admin() {
        return token("admin").sign();
    }

    /** "Bearer " + token, for an Authorization header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static Builder token(String role) {
        return new Builder(role);
    }

    /** The public key as {@code quarkus.oidc.public-key} takes it: base64 DER. */
    public static String publicKey() {
        return read("public");
    }

    public static final class Builder {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Duration lifetime = Duration.ofMinutes(30);
        private Instant issuedAt = Instant.now();
        private boolean foreignKey;

        private Builder(String role) {
            claims.put("iss", ISSUER);
            claims.put("sub", "test-" + role);
            claims.put("upn", "test-" + role);
            claims.put("groups", List.of(role));
        }

        public Builder patrol(String patrolId) {
            claims.put("patrol_id", patrolId);
            return this;
        }

        public Builder facilities(String... facilityIds) {
            claims.put("facility_ids", List.of(facilityIds));
            return this;
        }

        public Builder subject(String subject) {
            claims.put("sub", subject);
            claims.put("upn", subject);
            return this;
        }

        public Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        /** A token that expired {@code ago} ago. */
        public Builder expired(Duration ago) {
            issuedAt = Instant.now().minus(ago).minus(lifetime);
            return this;
        }

        /** Signed by a key pair the services do not trust. */
        public Builder signedByStranger() {
            foreignKey = true;
            return this;
        }

        public String sign() {
            Map<String, Object> body = new LinkedHashMap<>(claims);
            body.put("iat", issuedAt.getEpochSecond());
            body.put("exp", issuedAt.plus(lifetime).getEpochSecond());
            try {
                return Rs256.sign("relais-test", JSON.writeValueAsBytes(body), foreignKey ? stranger() : privateKey());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign a test token", e);
            }
        }
    }

    private static PrivateKey privateKey() throws GeneralSecurityException {
        byte[] der = Base64.getDecoder().decode(read("private"));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static PrivateKey stranger() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }

    private static synchronized String read(String part) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "relais-test-keys-" + ProcessHandle.current().pid());
        Path file = dir.resolve(part);
        try {
            if (!Files.exists(file)) {
                create(dir);
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void create(Path dir) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        // Written aside and moved in one step: whoever gets there first wins, and both sides read the winner.
        Path staging = Files.createTempDirectory("relais-test-keys");
        Files.writeString(staging.resolve("public"), Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        Files.writeString(staging.resolve("private"), Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.exists(dir.resolve("private"))) {
                throw raced;
            }
        }
        dir.toFile().deleteOnExit();
    }
}
