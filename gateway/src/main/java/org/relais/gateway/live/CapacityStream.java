package org.relais.gateway.live;

import org.relais.common.problem.ProblemReplies;
import io.smallrye.common.vertx.VertxContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.relais.common.problem.Problem;
import org.relais.common.problem.ProblemException;
import org.relais.common.problem.ProblemMappers;
import org.relais.common.security.Roles;
import org.relais.gateway.security.AccessGuard;
import org.relais.gateway.security.StreamQuota;

/**
 * {@code GET /api/capacity/stream?arrondissement=}: the board as server-sent events, a {@code snapshot}
 * first, then one {@code facility} event per change, and keep-alive comments. A plain Vert.x route rather
 * than a JAX-RS resource so that each event, rendered once for everybody, is written as bytes with
 * per-connection flow control; readers are grouped per event loop ({@link LoopFanout}) so thousands of them
 * cost one hand-over per loop and change, plus their own socket writes. Each stream counts against its caller's
 * open streams ({@link StreamQuota}) until it closes.
 */
@ApplicationScoped
public class CapacityStream {

    public static final String PATH = "/api/capacity/stream";
    /** Who may open it (the public API description says so too: ApiDescriptionTest compares them). */
    public static final Set<String> ROLES = Roles.ANY_ROLE;

    private final CapacityService capacity;
    private final LiveUpdates updates;
    private final ProblemReplies problems;
    private final AccessGuard guard;
    private final StreamQuota quota;
    /** One fan-out per event-loop thread, created on that loop when its first reader arrives. */
    private final Map<Thread, LoopFanout> fanouts = new ConcurrentHashMap<>();
    /** Open streams on this instance, for the metrics. */
    private final AtomicInteger readers = new AtomicInteger();
    /** Events written to readers (snapshots and facility events), summed over them: the fan-out's output. */
    private final Counter eventsSent;

    public CapacityStream(CapacityService capacity, LiveUpdates updates, ProblemReplies problems, AccessGuard guard,
            StreamQuota quota, MeterRegistry registry) {
        registry.gauge("relais.capacity.stream.readers", readers);
        this.eventsSent = Counter.builder("relais.capacity.stream.events")
                .description("Events written to live-board streams, one per reader and event (changes a slow reader"
                        + " missed coalesce into its next event)")
                .register(registry);
        this.guard = guard;
        this.quota = quota;
        this.capacity = capacity;
        this.updates = updates;
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(guard.require(ROLES)).handler(this::open);
    }

    private void open(RoutingContext ctx) {
        CapacityQuery query;
        try {
            capacity.requireBoard();
            query = CapacityQuery.parse(null, ctx.queryParam("arrondissement"), null);
        } catch (ProblemException e) {
            if (e.status() == 503) {
                ctx.response().putHeader("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS);
            }
            problems.send(ctx.response(), Problem.of(e.status(), e.title(), e.getMessage()));
            return;
        }
        Optional<StreamQuota.Slot> slot = quota.open(ctx);
        if (slot.isEmpty()) {
            return;
        }
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        LoopFanout fanout = fanouts.computeIfAbsent(Thread.currentThread(),
                loop -> subscribe(VertxContext.getRootContext(Vertx.currentContext())));
        SseConnection connection = new SseConnection(response, capacity.scope(query), closed -> {
            fanout.remove(closed);
            readers.decrementAndGet();
            slot.get().release();
        }, eventsSent::increment);
        // Registered before the snapshot is taken: a change in between is queued, so none is missed.
        fanout.add(connection);
        readers.incrementAndGet();
        ctx.vertx().executeBlocking(() -> Buffer.buffer(SseFrames.firstEvent("snapshot",
                        updates.json(capacity.report(query, Instant.now())))), false)
                .onSuccess(connection::start)
                .onFailure(failure -> connection.abort());
    }

    private LoopFanout subscribe(Context eventLoop) {
        LoopFanout fanout = new LoopFanout(eventLoop);
        updates.changes().subscribe().withSubscriber(fanout);
        return fanout;
    }
}
