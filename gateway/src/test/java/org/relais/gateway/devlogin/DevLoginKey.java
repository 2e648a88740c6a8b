package org.relais.gateway.devlogin;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.relais.tokens.SigningKeys;

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
            KeyPair pair = SigningKeys.generate();
            pem = Files.createTempFile("relais-dev-login", ".pem");
            Files.writeString(pem, SigningKeys.pem(pair.getPrivate()));
            return Map.of(
                    "quarkus.oidc.public-key", SigningKeys.base64(pair.getPublic()),
                    "quarkus.oidc.token.issuer", ISSUER,
                    "relais.dev-login.key", pem.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
