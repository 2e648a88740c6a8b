package org.relais.gateway.proxy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.relais.common.problem.Problem;
import org.relais.common.problem.ProblemReplies;
import org.relais.gateway.security.AccessGuard;
import org.relais.gateway.security.RequestPaths;
import org.relais.gateway.security.StreamQuota;

/**
 * Forwards the routes of {@link RouteTable} to their service as a streaming reverse proxy: request and
 * response bodies flow through chunk by chunk (an event stream from patrol-service stays a stream), status,
 * headers and problem bodies pass unchanged, and closing either side closes the other. An unreachable
 * service gives 503, one that does not answer in time 504, both as problem+json.
 *
 * <p>Event streams go through a connection pool of their own (so open streams never leave other requests waiting
 * for a connection), count against their caller's open streams ({@link StreamQuota}), and are closed on both sides
 * when the service sends nothing for {@code relais.upstream.stream-idle-timeout}.
 */
@ApplicationScoped
public class ReverseProxy {

    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);

    /** Request headers a service needs from the caller; everything else (cookies, hop-by-hop) stays here. */
    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of("content-type", "content-length", "accept",
            "accept-language", "authorization", "idempotency-key", "last-event-id", "if-match", "if-none-match");

    /** Connection-level headers (RFC 9110 section 7.6.1) never forwarded in a response. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private static final String EVENT_STREAM = "text/event-stream";
    private static final String RETRY_AFTER_SECONDS = "5";

    private final HttpClient client;
    /** For event streams only, with a read idle timeout: a silent stream is a dead one. */
    private final HttpClient streamClient;
    private final Map<Upstream, Target> targets = new EnumMap<>(Upstream.class);
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final ProblemReplies problems;
    private final AccessGuard guard;
    private final StreamQuota quota;

    /** Where one service lives, parsed once from its base URL. */
    record Target(Upstream upstream, String origin, String host, int port, boolean ssl, String basePath) {

        static Target of(Upstream upstream, URI base) {
            boolean ssl = "https".equalsIgnoreCase(base.getScheme());
            int port = base.getPort() != -1 ? base.getPort() : ssl ? 443 : 80;
            String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
            String origin = base.getScheme() + "://" + base.getRawAuthority();
            return new Target(upstream, origin, base.getHost(), port, ssl, path);
        }
    }

    public ReverseProxy(io.vertx.mutiny.core.Vertx vertx, UpstreamConfig upstream, ProblemReplies problems,
            AccessGuard guard, StreamQuota quota) {
        this.client = vertx.createHttpClient(
                UpstreamClients.options(upstream),
                new PoolOptions().setHttp1MaxSize(upstream.maxConnections()));
        this.streamClient = vertx.createHttpClient(
                UpstreamClients.options(upstream)
                        .setReadIdleTimeout((int) upstream.streamIdleTimeout().toMillis())
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS),
                new PoolOptions().setHttp1MaxSize(upstream.streamMaxConnections()));
        this.connectTimeout = upstream.connectTimeout();
        this.responseTimeout = upstream.responseTimeout();
        this.problems = problems;
        this.guard = guard;
        this.quota = quota;
        targets.put(Upstream.CAPACITY, Target.of(Upstream.CAPACITY, upstream.capacity()));
        targets.put(Upstream.REFERRAL, Target.of(Upstream.REFERRAL, upstream.referral()));
        targets.put(Upstream.PATROL, Target.of(Upstream.PATROL, upstream.patrol()));
    }

    void register(@Observes Router router) {
        for (RouteTable.Rule rule : RouteTable.RULES) {
            Route route = router.routeWithRegex(rule.pathRegex());
            rule.methods().forEach(route::method);
            Target target = targets.get(rule.upstream());
            route.handler(guard.require(rule.roles(), rule.ownership(), rule.pattern())).handler(ctx -> forward(ctx, target));
        }
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
        streamClient.closeAndForget();
    }

    private void forward(RoutingContext ctx, Target target) {
        HttpServerRequest in = ctx.request();
        boolean stream = isEventStream(ctx);
        Runnable release = () -> {
        };
        if (stream) {
            Optional<StreamQuota.Slot> slot = quota.open(ctx);
            if (slot.isEmpty()) {
                return;
            }
            release = slot.get()::release;
        }
        boolean withBody = hasBody(in);
        if (withBody) {
            in.pause(); // hold the body until the service has accepted the request
        }
        Context context = Vertx.currentContext();
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.basePath() + forwardedUri(ctx))
                .setFollowRedirects(false);
        if (stream) {
            // No response timeout for a stream, but no endless wait for a connection from a full pool either.
            options.setConnectTimeout(connectTimeout.toMillis());
        }
        in.headers().forEach(header -> {
            if (FORWARDED_REQUEST_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(header.getKey(), header.getValue());
            }
        });
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Runnable done = release;
        // The caller went away: stop the service's work too (this ends a proxied event stream).
        ctx.response().closeHandler(v -> {
            HttpClientRequest out = sent.get();
            if (out != null) {
                out.reset();
            }
            done.run();
        });
        ctx.response().endHandler(v -> done.run());
        Uni<HttpClientResponse> answer = (stream ? streamClient : client).request(options)
                .onItem().transformToUni(out -> {
                    sent.set(out);
                    if (!withBody) {
                        return out.send();
                    }
                    if (!in.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                        out.setChunked(true);
                    }
                    return out.send(io.vertx.mutiny.core.http.HttpServerRequest.newInstance(in));
                })
                // Nothing of the body may arrive before the pipe below is in place.
                .invoke(HttpClientResponse::pause);
        if (!stream) {
            // A stream answers when it has news; anything else must answer promptly.
            answer = answer.ifNoItem().after(responseTimeout).failWith(TimeoutException::new);
        }
        answer.emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(
                        response -> relay(ctx, response, target),
                        failure -> {
                            HttpClientRequest out = sent.get();
                            if (out != null) {
                                out.reset();
                            }
                            fail(ctx, target, failure);
                        });
    }

    private void relay(RoutingContext ctx, HttpClientResponse upstream, Target target) {
        HttpServerResponse out = ctx.response();
        if (out.closed()) {
            upstream.request().reset();
            return;
        }
        out.setStatusCode(upstream.statusCode());
        upstream.headers().getDelegate().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name)) {
                out.headers().add(header.getKey(),
                        name.equals("location") ? publicLocation(ctx.request(), header.getValue(), target) : header.getValue());
            }
        });
        if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(ctx.request().method(), upstream.statusCode())) {
            out.setChunked(true);
        }
        // Not ended on failure: a pipe ends its destination by default, which would pass a cut-short body off as a
        // complete answer. Mid-body, the status is already sent, so only cutting the connection tells the caller.
        upstream.pipe().endOnFailure(false).to(io.vertx.mutiny.core.http.HttpServerResponse.newInstance(out))
                .subscribe().with(done -> {
                }, failure -> {
                    upstream.request().reset();
                    if (!out.closed()) {
                        out.reset();
                    }
                });
    }

    private void fail(RoutingContext ctx, Target target, Throwable failure) {
        String service = target.upstream().serviceName();
        LOG.warnf("forwarding %s %s to %s failed: %s", ctx.request().method(), ctx.request().path(), service,
                failure.getClass().getSimpleName());
        ctx.request().resume(); // let an unsent body drain away so the connection stays usable
        HttpServerResponse out = ctx.response();
        Problem problem;
        if (failure instanceof TimeoutException) {
            problem = Problem.of(504, "Gateway Timeout", service + " did not answer in time.");
        } else if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
            problem = Problem.of(503, "Service Unavailable", service + " is unavailable, try again shortly.");
            if (!out.headWritten()) {
                out.putHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
        } else {
            problem = Problem.of(502, "Bad Gateway", service + " failed to answer.");
        }
        problems.send(out, problem);
    }

    /**
     * A service builds absolute Locations from the Host it was called with (its own address): point them
     * back at the gateway the caller used, as any reverse proxy does.
     */
    private static String publicLocation(HttpServerRequest in, String location, Target target) {
        String internal = target.origin() + target.basePath();
        if (!location.startsWith(internal)) {
            return location;
        }
        URI caller = URI.create(in.absoluteURI());
        return caller.getScheme() + "://" + caller.getRawAuthority() + location.substring(internal.length());
    }

    /**
     * The normalized path the router matched and the guard checked ("/a/b/../c" is "/a/c"), never the raw one, so
     * a service cannot be reached under a path the gateway did not check; then the query as given.
     */
    private static String forwardedUri(RoutingContext ctx) {
        String query = ctx.request().query();
        return ctx.normalizedPath() + (query == null ? "" : "?" + query);
    }

    private static boolean hasBody(HttpServerRequest in) {
        String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.trim().equals("0")) || in.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    /**
     * A read that may stay open for hours: a GET asking for events, or of a stream's path (the path the router
     * matched, however it was spelled).
     */
    private static boolean isEventStream(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.GET) {
            return false;
        }
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return (accept != null && accept.toLowerCase(Locale.ROOT).contains(EVENT_STREAM))
                || RequestPaths.canonical(ctx.normalizedPath()).endsWith("/stream");
    }

    private static boolean mayHaveBody(HttpMethod method, int status) {
        return method != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }
}
