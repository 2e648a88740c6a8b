package org.relais.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Makes the service under test trust {@link TestTokens}: put {@code @WithTestResource(TestTokenResource.class)}
 * (or {@code @QuarkusTestResource}) on a test class, or register it once for the module.
 */
public class TestTokenResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.public-key", TestTokens.publicKey(),
                "quarkus.oidc.token.issuer", TestTokens.ISSUER);
    }

    @Override
    public void stop() {
    }
}
