package org.relais.gateway.devlogin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The local sign-in ({@code POST /dev/login}): off unless enabled, and never in a production deployment. */
@ConfigMapping(prefix = "relais.dev-login")
public interface DevLoginConfig {

    @WithDefault("false")
    boolean enabled();

    /** Path of the PEM (PKCS#8) private key whose public key the services trust; the launcher makes it. */
    Optional<String> key();

    /** The issuer the services expect ({@code quarkus.oidc.token.issuer}). */
    @WithDefault("relais-local")
    String issuer();

    /** Token lifetime, as {@code deploy/relais token}. */
    @WithDefault("12h")
    Duration lifetime();
}
