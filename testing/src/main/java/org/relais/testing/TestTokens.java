package org.relais.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.relais.tokens.LocalToken;
import org.relais.tokens.SigningKeys;

/**
 * Signed bearer tokens for tests, by the launcher's signer ({@link LocalToken}, as {@code deploy/relais token}): RS256,
 * issuer {@link #ISSUER}, role in {@code groups}, {@code patrol_id} / {@code facility_ids} bindings.
 *
 * <p>The key pair is made once per test JVM and kept in a file named after the process, because the test
 * resource and the test itself may be loaded by different class loaders.
 */
public final class TestTokens {

    public static final String ISSUER = "relais-test";
    private static final Duration LIFETIME = Duration.ofMinutes(30);

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
        private final LocalToken token;
        private boolean foreignKey;

        private Builder(String role) {
            token = LocalToken.of(role).issuer(ISSUER).kid("relais-test").subject("test-" + role).lifetime(LIFETIME);
        }

        public Builder patrol(String patrolId) {
            token.patrol(patrolId);
            return this;
        }

        public Builder facilities(String... facilityIds) {
            token.facilities(List.of(facilityIds));
            return this;
        }

        public Builder subject(String subject) {
            token.subject(subject);
            return this;
        }

        public Builder claim(String name, Object value) {
            token.claim(name, value);
            return this;
        }

        /** A token that expired {@code ago} ago. */
        public Builder expired(Duration ago) {
            token.issuedAt(Instant.now().minus(ago).minus(LIFETIME));
            return this;
        }

        /** Signed by a key pair the services do not trust. */
        public Builder signedByStranger() {
            foreignKey = true;
            return this;
        }

        public String sign() {
            return token.sign(foreignKey ? SigningKeys.generate().getPrivate() : privateKey());
        }
    }

    private static PrivateKey privateKey() {
        return SigningKeys.privateKey(read("private"));
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
        KeyPair pair = SigningKeys.generate();
        // Written aside and moved in one step: whoever gets there first wins, and both sides read the winner.
        Path staging = Files.createTempDirectory("relais-test-keys");
        Files.writeString(staging.resolve("public"), SigningKeys.base64(pair.getPublic()));
        Files.writeString(staging.resolve("private"), SigningKeys.base64(pair.getPrivate()));
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
