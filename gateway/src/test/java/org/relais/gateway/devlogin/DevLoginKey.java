package org.relais.gateway.devlogin;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

/**
 * A key pair like the launcher's: the private key as a PEM file for the local sign-in, the public key for the
 * token check, so that the gateway trusts exactly what it signs.
 */
public class DevLoginKey implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "relais-dev-login-test";
    private Path pem;

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            pem = Files.createTempFile("relais-dev-login", ".pem");
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            return Map.of(
                    "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    "quarkus.oidc.token.issuer", ISSUER,
                    "relais.dev-login.key", pem.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (pem != null) {
                Files.deleteIfExists(pem);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
