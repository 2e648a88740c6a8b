package org.relais.gateway.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.OptionalLong;
import org.relais.common.problem.Problem;
import org.relais.common.problem.ProblemReplies;

/**
 * Rate limit on every /api/** request (JAX-RS, stream and forwarded routes alike): keyed by the verified token
 * subject, or by the client address for anonymous callers and bad tokens (which then get their 401 from the
 * route). The local sign-in (/dev/login) and the open-data feed (/open-data/**) are limited per client address, in
 * buckets of their own. Over the limit:
 * 429 problem+json with Retry-After. The path is tested in the one spelling {@link RequestPaths} gives it, since
 * the routes answer other spellings of it too.
 */
@ApplicationScoped
public class RateLimitFilter {

    /** Runs after Quarkus has attached the (lazily verified) identity to the request. */
    private static final int PRIORITY = SecurityHandlerPriorities.AUTHORIZATION - 50;

    private final RateLimiter limiter;
    private final IdentityProviderManager identities;
    private final ProblemReplies problems;

    public RateLimitFilter(RateLimiter limiter, IdentityProviderManager identities, ProblemReplies problems) {
        this.limiter = limiter;
        this.identities = identities;
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, PRIORITY);
    }

    private void limit(RoutingContext ctx) {
        String path = RequestPaths.canonical(ctx.normalizedPath());
        if (RequestPaths.isLocalSignIn(path)) {
            decide(ctx, "sign-in:" + address(ctx), false); // anonymous by nature: no token to wait for
            return;
        }
        if (RequestPaths.isOpenData(path)) {
            decide(ctx, "open-data:" + address(ctx), false); // anonymous too: a token changes nothing there
            return;
        }
        if (!RequestPaths.isApi(path)) {
            ctx.next();
            return;
        }
        Context context = Vertx.currentContext();
        boolean paused = !ctx.request().isEnded();
        if (paused) {
            ctx.request().pause();
        }
        QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .map(this::subject)
                .onFailure().recoverWithItem((String) null)
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(subject -> decide(ctx, subject == null ? "address:" + address(ctx) : subject, paused));
    }

    private String subject(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? null : "subject:" + identity.getPrincipal().getName();
    }

    private void decide(RoutingContext ctx, String caller, boolean paused) {
        if (paused) {
            ctx.request().resume();
        }
        OptionalLong wait = limiter.take(caller);
        if (wait.isEmpty()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Retry-After", Long.toString(wait.getAsLong()));
        problems.send(ctx.response(), Problem.of(429, "Too Many Requests",
                "Too many requests from this caller; retry after " + wait.getAsLong() + " s."));
    }

    private static String address(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
