package org.relais.common.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Answers a bearer token that quarkus-oidc verified a moment ago from memory: checking the JWT was 15-22 % of the
 * gateway's CPU and up to 15 % of a service's under load, and a client sends the same token again and again. It runs
 * before quarkus-oidc's provider; a token it does not know goes on to that one (a null identity), and
 * {@link TokenRemembering} keeps what it verified: the principal (the verified token's claims, read only) and the roles,
 * until the token expires and at most {@link TokenCacheConfig#ttl()}. Tokens that fail are never remembered, and get
 * their 401 as before. Counted as {@code relais_token_cache_lookups_total{result="hit"|"miss"}}.
 */
@ApplicationScoped
public class RememberedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** Marks an identity answered from memory: remembering it again would extend its time to live without end. */
    static final String FROM_MEMORY = "relais.token-from-memory";

    private record Verified(Principal principal, Set<String> roles) {
    }

    private final TokenCache<Verified> cache;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public RememberedTokens(TokenCacheConfig config, MeterRegistry registry) {
        this(config, registry, Clock.systemUTC());
    }

    /** {@code clock}: a test's, to move time. */
    RememberedTokens(TokenCacheConfig config, MeterRegistry registry, Clock clock) {
        this.cache = new TokenCache<>(config.ttl(), config.maxEntries(), clock);
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before quarkus-oidc's provider, which keeps the default. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        Optional<Verified> known = cache.get(TokenCache.key(request.getToken().getToken()));
        if (known.isEmpty()) {
            misses.increment();
            return Uni.createFrom().nullItem();
        }
        hits.increment();
        Verified verified = known.get();
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(verified.principal())
                .addRoles(verified.roles())
                .addCredential(request.getToken())
                .addAttribute(FROM_MEMORY, Boolean.TRUE)
                .build());
    }

    /**
     * Remembers an identity quarkus-oidc has just verified from a bearer token, if it is the one the request carried
     * (its credential) and says when it expires.
     */
    void remember(SecurityIdentity identity) {
        if (identity.isAnonymous() || identity.getAttribute(FROM_MEMORY) != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null || jwt.getRawToken() == null || !jwt.getRawToken().equals(credential.getToken())) {
            return;
        }
        cache.put(TokenCache.key(jwt.getRawToken()), new Verified(jwt, Set.copyOf(identity.getRoles())),
                Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("relais.token.cache.lookups")
                .description("Bearer tokens looked up before verification: found verified already (hit) or not (miss)")
                .tag("result", result)
                .register(registry);
    }
}
