package org.relais.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.relais.testing.TestAreas;

/**
 * Three small, real HTTP servers on random ports standing in for capacity-, referral- and patrol-service,
 * so the forwarding is tested against real HTTP peers (not mocks of our classes). Each answers with what it
 * received; a few paths give the answers worth checking (problem 409, 503 with Retry-After, a Location, an
 * endless event stream, one that goes silent, a request that never gets an answer). Also picks this run's configured
 * arrondissements (random 9xxxx codes), so the board's default scope only holds this run's test facilities.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    /** Marks a test field that receives the running {@link FakeUpstreams}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    public static final String PROBLEM_JSON = "application/problem+json";

    private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    private final AtomicInteger closedStreams = new AtomicInteger();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        for (String name : new String[] {"capacity", "referral", "patrol"}) {
            listen(name, 0);
        }
        String first = TestAreas.next();
        String second = TestAreas.next();
        return Map.of(
                "relais.upstream.capacity", "http://127.0.0.1:" + ports.get("capacity"),
                "relais.upstream.referral", "http://127.0.0.1:" + ports.get("referral"),
                "relais.upstream.patrol", "http://127.0.0.1:" + ports.get("patrol"),
                "relais.arrondissements", first + "," + second);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.Annotated(Inject.class));
    }

    public int port(String name) {
        return ports.get(name);
    }

    /** Event streams of the fake patrol-service whose connection was closed by the gateway. */
    public int closedStreams() {
        return closedStreams.get();
    }

    /** How many requests any fake service received for this method and path (query string excluded). */
    public int received(String method, String path) {
        AtomicInteger count = received.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    /** Stops answering on this service's port (connections are refused) until {@link #restart}. */
    public void stop(String name) {
        await(servers.remove(name).close());
    }

    public void restart(String name) {
        listen(name, ports.get(name));
    }

    private void listen(String name, int port) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> answer(name, request));
        await(server.listen(port, "127.0.0.1"));
        servers.put(name, server);
        ports.put(name, server.actualPort());
    }

    private void answer(String name, HttpServerRequest request) {
        String path = request.path();
        received.computeIfAbsent(request.method().name() + " " + path, k -> new AtomicInteger()).incrementAndGet();
        if (path.equals("/api/audit")) {
            audit(name, request);
            return;
        }
        if (path.endsWith("/slow")) {
            return; // never answers
        }
        if (path.matches("/api/patrols/silent-[^/]+/referrals/stream")) {
            silentStream(request);
            return;
        }
        if (path.matches("/api/patrols/[^/]+/referrals/stream")) {
            stream(request);
            return;
        }
        request.body().onSuccess(body -> {
            var response = request.response().putHeader("X-Upstream", name);
            if (path.endsWith("/conflict")) {
                response.setStatusCode(409).putHeader("Content-Type", PROBLEM_JSON).end(new JsonObject()
                        .put("type", "about:blank").put("title", "Conflict").put("status", 409)
                        .put("detail", "asOf is older than the stored report.").encode());
            } else if (path.endsWith("/busy")) {
                response.setStatusCode(503).putHeader("Content-Type", PROBLEM_JSON).putHeader("Retry-After", "7")
                        .end(new JsonObject().put("title", "Service Unavailable").put("status", 503).encode());
            } else if (path.endsWith("/empty")) {
                response.setStatusCode(204).end();
            } else {
                int status = request.method().name().equals("POST") && path.equals("/api/facilities") ? 201 : 200;
                if (status == 201) {
                    response.putHeader("Location", "http://127.0.0.1:" + ports.get(name) + "/api/facilities/new-facility");
                }
                response.setStatusCode(status).putHeader("Content-Type", "application/json").end(echo(name, request, body));
            }
        });
    }

    private static String echo(String name, HttpServerRequest request, Buffer body) {
        JsonObject headers = new JsonObject();
        request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        return new JsonObject().put("upstream", name).put("method", request.method().name()).put("uri", request.uri())
                .put("headers", headers).put("body", body.toString()).encode();
    }

    /**
     * Each service's audit trail, newest first as the services give it: capacity at 10:04 and 10:01, patrol at
     * 10:03, referral at 10:02 (so a correct merge interleaves them); each entry echoes the query and token.
     */
    private void audit(String name, HttpServerRequest request) {
        io.vertx.core.json.JsonArray entries = new io.vertx.core.json.JsonArray();
        java.util.List<String> minutes = switch (name) {
            case "capacity" -> java.util.List.of("04", "01");
            case "patrol" -> java.util.List.of("03");
            default -> java.util.List.of("02");
        };
        for (String minute : minutes) {
            entries.add(new JsonObject().put("id", Integer.parseInt(minute)).put("at", "2026-11-25T10:" + minute + ":00Z")
                    .put("subject", "someone").put("role", "operator").put("action", "ACTION_" + name + "_" + minute)
                    .put("facilityId", request.getParam("facilityId")).put("query", request.query())
                    .put("authorization", request.getHeader("Authorization")));
        }
        request.response().putHeader("Content-Type", "application/json").end(entries.encode());
    }

    /** An event stream that never ends by itself: one event at once, then one every 200 ms. */
    private void stream(HttpServerRequest request) {
        var response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
        AtomicInteger sent = new AtomicInteger();
        response.write("event: referral\ndata: {\"n\":" + sent.incrementAndGet() + "}\n\n");
        long timer = vertx.setPeriodic(200, id -> response.write("event: referral\ndata: {\"n\":" + sent.incrementAndGet() + "}\n\n"));
        response.closeHandler(v -> {
            vertx.cancelTimer(timer);
            closedStreams.incrementAndGet();
        });
    }

    /** An event stream that sends one event and then nothing, never ending by itself: a service gone quiet. */
    private void silentStream(HttpServerRequest request) {
        var response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
        response.write("event: referral\ndata: {\"n\":1}\n\n");
        response.closeHandler(v -> closedStreams.incrementAndGet());
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
