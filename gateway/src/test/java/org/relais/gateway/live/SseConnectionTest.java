package org.relais.gateway.live;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.gateway.support.SseClient;

/**
 * The stream's fan-out alone (no application), over a real socket: a reader that stops reading never holds up
 * the publisher, pins at most one pending event per facility, and gets the latest state once it reads again.
 */
class SseConnectionTest {

    private final Vertx vertx = Vertx.vertx();
    private final BroadcastProcessor<LiveChange> changes = BroadcastProcessor.create();
    private final AtomicReference<SseConnection> connection = new AtomicReference<>();
    private final Map<Thread, LoopFanout> fanouts = new ConcurrentHashMap<>();
    private HttpServer server;

    @BeforeEach
    void serve() throws Exception {
        // Small socket buffers so that a paused reader fills them after a few events.
        server = vertx.createHttpServer(new HttpServerOptions().setSendBufferSize(4096))
                .requestHandler(request -> {
                    var response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                    LoopFanout fanout = fanouts.computeIfAbsent(Thread.currentThread(), loop -> {
                        LoopFanout created = new LoopFanout(vertx.getOrCreateContext());
                        changes.subscribe().withSubscriber(created);
                        return created;
                    });
                    SseConnection sse = new SseConnection(response, Set.of("75019"), fanout::remove, events -> {
                    });
                    fanout.add(sse);
                    sse.start(Buffer.buffer(SseFrames.firstEvent("snapshot", "{}".getBytes(StandardCharsets.UTF_8))));
                    connection.set(sse);
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void slowReaderGetsCoalescedLatestStatePerFacility() {
        try (SseClient sse = SseClient.open(URI.create("http://127.0.0.1:" + server.actualPort() + "/"),
                new HttpClientOptions().setReceiveBufferSize(4096))) {
            await().until(() -> !sse.events("snapshot").isEmpty());
            sse.pause();
            int updates = 3000;
            String padding = "x".repeat(1000);
            for (int version = 1; version <= updates; version++) {
                changes.onNext(frame("shelter-a", "75019", version, padding)); // never blocks, whatever the reader does
            }
            changes.onNext(frame("shelter-b", "75019", 1, padding));
            changes.onNext(frame("elsewhere", "75020", 1, padding)); // another arrondissement: not for this reader
            sse.resume();

            await().atMost(Duration.ofSeconds(30)).until(() -> sse.events("facility").stream()
                    .anyMatch(e -> e.json().getString("id").equals("shelter-a") && e.json().getInteger("version") == updates));
            await().until(() -> sse.events("facility").stream().anyMatch(e -> e.json().getString("id").equals("shelter-b")));
            List<Integer> versions = sse.events("facility").stream().map(SseClient.Event::json)
                    .filter(e -> e.getString("id").equals("shelter-a")).map(e -> e.getInteger("version")).toList();
            assertTrue(versions.size() < updates / 2, "a slow reader gets fewer, newer events, got " + versions.size());
            assertEquals(versions.stream().sorted().toList(), versions, "never an older state after a newer one");
            assertTrue(sse.events("facility").stream().noneMatch(e -> e.json().getString("id").equals("elsewhere")));
        }
    }

    @Test
    void closedReaderIsDroppedAndLaterChangesFailNothing() {
        try (SseClient sse = SseClient.open(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))) {
            await().until(() -> !sse.events("snapshot").isEmpty());
            changes.onNext(frame("shelter-a", "75019", 1, ""));
            await().until(() -> !sse.events("facility").isEmpty());
        }
        // Gone from its loop's fan-out: later changes reach nobody and fail nothing.
        await().until(this::connectionClosed);
        changes.onNext(new LiveChange.KeepAlive());
        changes.onNext(frame("shelter-a", "75019", 2, ""));
    }

    private boolean connectionClosed() {
        SseConnection sse = connection.get();
        return sse != null && sse.isClosed();
    }

    private static LiveChange.FacilityFrame frame(String id, String arrondissement, int version, String padding) {
        String json = new JsonObject().put("id", id).put("arrondissement", arrondissement).put("version", version)
                .put("padding", padding).encode();
        return new LiveChange.FacilityFrame(id, arrondissement, null, SseFrames.event("facility", json.getBytes(StandardCharsets.UTF_8)));
    }
}
