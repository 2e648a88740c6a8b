package org.relais.gateway.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.relais.common.security.Actor;
import org.relais.common.security.Caller;

/**
 * The verified caller of a request, for the gateway's own Vert.x-level checks ({@link RateLimitFilter},
 * {@link AccessGuard}): verifying the bearer token's signature is most of what they cost, and a client sends the same
 * token again and again, so a token verified once is remembered for a while ({@link TokenCacheConfig}). Only what a
 * valid token says is remembered, as an immutable {@link Actor}; anonymous requests and tokens that fail are verified
 * every time, and keep their answers. JAX-RS resources and the services behind the gateway verify as before.
 */
@ApplicationScoped
public class VerifiedTokens {

    /** The scheme quarkus-oidc reads a token from, in any case. */
    private static final String BEARER = "Bearer";

    private final IdentityProviderManager identities;
    private final TokenCache cache;
    private final Counter hits;
    private final Counter misses;

    public VerifiedTokens(IdentityProviderManager identities, TokenCacheConfig config, MeterRegistry registry) {
        this.identities = identities;
        this.cache = new TokenCache(config.ttl(), config.maxEntries(), Clock.systemUTC());
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
    }

    /**
     * The request's caller, or empty for an anonymous request or a token that fails verification (never a failure):
     * a guard answers 401, the rate limit counts the client address.
     */
    public Uni<Optional<Actor>> caller(RoutingContext ctx) {
        String token = bearerToken(ctx);
        if (token == null) {
            return verify(ctx, null); // anonymous, or whatever quarkus makes of another header: nothing to remember
        }
        Optional<Actor> known = cache.get(TokenCache.key(token));
        if (known.isPresent()) {
            hits.increment();
            return Uni.createFrom().item(known);
        }
        misses.increment();
        return verify(ctx, token);
    }

    /**
     * Verifies the request's token the Quarkus way; remembers a valid one under {@code token} (unless null) only if
     * that is the very token Quarkus verified.
     */
    private Uni<Optional<Actor>> verify(RoutingContext ctx, String token) {
        return QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .map(identity -> {
                    if (identity == null || identity.isAnonymous()) {
                        return Optional.<Actor>empty();
                    }
                    Actor actor = Actor.of(new Caller(identity));
                    if (token != null && identity.getPrincipal() instanceof JsonWebToken jwt
                            && token.equals(jwt.getRawToken()) && jwt.getExpirationTime() > 0) {
                        cache.put(TokenCache.key(token), actor, Instant.ofEpochSecond(jwt.getExpirationTime()));
                    }
                    return Optional.of(actor);
                })
                .onFailure().recoverWithItem(Optional.empty());
    }

    /**
     * The token as quarkus-oidc reads it: what follows the first space of the (first) Authorization header, when what
     * precedes it is the Bearer scheme, in any case.
     */
    private static String bearerToken(RoutingContext ctx) {
        String header = ctx.request().headers().get(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        int space = header.indexOf(' ');
        return space > 0 && header.substring(0, space).equalsIgnoreCase(BEARER) ? header.substring(space + 1) : null;
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("relais.token.cache.lookups")
                .description("Bearer tokens looked up by the gateway's own checks (rate limit, route guard), found"
                        + " verified already (hit) or verified now (miss)")
                .tag("result", result)
                .register(registry);
    }
}
