package org.relais.gateway.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.relais.common.problem.Problem;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;
import org.relais.common.problem.ProblemReplies;

/**
 * The bearer-token check for the gateway's plain Vert.x routes (capacity stream, forwarding), which the
 * JAX-RS {@code @RolesAllowed} does not cover: no or invalid token 401, valid token with the wrong role or a
 * foreign patrol/facility in the path 403, both problem+json like the JAX-RS mappers; only then the route runs.
 */
@ApplicationScoped
public class AccessGuard {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    /** Where a let-through request keeps its verified token subject for the handlers after the guard. */
    private static final String SUBJECT = "relais.subject";

    private final IdentityProviderManager identities;
    private final ProblemReplies problems;

    public AccessGuard(IdentityProviderManager identities, ProblemReplies problems) {
        this.identities = identities;
        this.problems = problems;
    }

    /** The verified token subject of a request this guard let through. */
    public static String subject(RoutingContext ctx) {
        String subject = ctx.get(SUBJECT);
        if (subject == null) {
            throw new IllegalStateException("no guard before this route");
        }
        return subject;
    }

    /** A handler to put before a route's own: lets through callers holding one of {@code roles}. */
    public Handler<RoutingContext> require(Set<String> roles) {
        return ctx -> check(ctx, roles, caller -> {
        });
    }

    /**
     * A handler to put before a forwarded route: {@code roles}, then the {@code ownership} its path shows ({@code path}
     * matches the whole path; its named group {@code id} is the patrol or facility).
     */
    public Handler<RoutingContext> require(Set<String> roles, Ownership ownership, Pattern path) {
        return ctx -> check(ctx, roles, caller -> {
            if (ownership == Ownership.NONE) {
                return;
            }
            if (ownership == Ownership.FACILITY_QUERY) {
                // A coordinator reads every facility's, even with an operator role in the same token.
                if (caller.is(Roles.OPERATOR) && !caller.is(Roles.COORDINATOR)) {
                    caller.requireFacility(ctx.queryParams().get("facilityId"));
                }
                return;
            }
            // The router matched the normalized path ("/a/b/../c" is "/a/c"), and that is the path forwarded.
            Matcher matcher = path.matcher(ctx.normalizedPath());
            if (!matcher.matches()) {
                throw ProblemException.forbidden("This path cannot be checked against the token.");
            }
            String id = matcher.group("id");
            if (ownership == Ownership.PATROL && caller.is(Roles.PATROL)) {
                // A coordinator may read any patrol's, even with a patrol role in the same token.
                caller.requirePatrol(id, READS.contains(ctx.request().method()));
            } else if (ownership == Ownership.FACILITY && caller.is(Roles.OPERATOR)
                    && !(caller.is(Roles.ADMIN) && roles.contains(Roles.ADMIN))) {
                // An admin acts for any facility, even with an operator role in the same token.
                caller.requireFacility(id);
            }
        });
    }

    private void check(RoutingContext ctx, Set<String> roles, Consumer<Caller> ownership) {
        Context context = Vertx.currentContext();
        boolean paused = !ctx.request().isEnded();
        if (paused) {
            ctx.request().pause(); // a forwarded body waits for the verdict
        }
        Uni<SecurityIdentity> identity = QuarkusHttpUser.getSecurityIdentity(ctx, identities);
        identity.emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(
                        who -> decide(ctx, who, roles, ownership, paused),
                        failure -> refuse(ctx, unauthorized(), paused));
    }

    private void decide(RoutingContext ctx, SecurityIdentity who, Set<String> roles, Consumer<Caller> ownership,
            boolean paused) {
        if (who == null || who.isAnonymous()) {
            refuse(ctx, unauthorized(), paused);
            return;
        }
        if (roles.stream().noneMatch(who::hasRole)) {
            refuse(ctx, Problem.of(403, "Forbidden", "This token's role may not do this."), paused);
            return;
        }
        try {
            ownership.accept(new Caller(who));
        } catch (ProblemException e) {
            refuse(ctx, Problem.of(e.status(), e.title(), e.getMessage()), paused);
            return;
        }
        ctx.put(SUBJECT, who.getPrincipal().getName());
        if (paused) {
            ctx.request().resume();
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx, Problem problem, boolean paused) {
        if (paused) {
            ctx.request().resume(); // let the refused body drain so the connection stays usable
        }
        if (problem.status() == 401 && !ctx.response().headWritten()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        problems.send(ctx.response(), problem);
    }

    private static Problem unauthorized() {
        return Problem.of(401, "Unauthorized", "A valid bearer token is required.");
    }
}
