package org.relais.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body announced larger than {@code quarkus.http.limits.max-body-size} gets a 413 problem+json before any
 * byte of it is read (Quarkus's own check, which also counts chunked bodies, answers without a body).
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final ProblemReplies problems;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            ProblemReplies problems) {
        this.limit = limit.asLongValue();
        this.problems = problems;
    }

    void register(@Observes Router router) {
        // Before Quarkus's own limit check (order -2).
        router.route().order(-3).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            problems.send(ctx.response(), Problem.of(413, "Content Too Large",
                    "A request body may hold at most " + limit + " bytes."));
            return;
        }
        ctx.next();
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // Netty refuses a malformed Content-Length before we see it
        }
    }
}
