package org.relais.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long, and how many, verified bearer tokens a service remembers ({@link RememberedTokens}). */
@ConfigMapping(prefix = "relais.token-cache")
public interface TokenCacheConfig {

    /**
     * The longest a verified token is remembered (never past its own expiry): how long a new signing key or issuer
     * setting may take to reach tokens already seen. 0 remembers none.
     */
    @WithDefault("60s")
    Duration ttl();

    /** Tokens remembered at most; beyond, the expired ones go, and if that is not enough, all of them. */
    @WithDefault("10000")
    int maxEntries();
}
