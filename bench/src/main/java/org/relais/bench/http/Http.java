package org.relais.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The load tool's HTTP side: one Vert.x instance with a small event-loop pool, a keep-alive client for
 * requests and a second one sized for long-lived SSE streams (one connection each, no thread each).
 */
public final class Http implements AutoCloseable {

    /** One answer: status, body and the headers the bench reads. Status 0 means no answer (I/O error, timeout). */
    public record Response(int status, String body, String location, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final Vertx vertx;
    private final HttpClient requests;
    private final HttpClient streams;
    private final long timeoutMillis;

    public Http(int eventLoops, int requestConnections, int streamConnections, long timeoutMillis) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(2)
                .setBlockedThreadCheckInterval(TimeUnit.MINUTES.toMillis(10)));
        this.timeoutMillis = timeoutMillis;
        this.requests = vertx.createHttpClient(
                // Idle connections closed by the tool after 20 s, before HAProxy's keep-alive limit (60 s) closes them under
                // a request.
                new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(20).setConnectTimeout(5_000).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(requestConnections).setMaxWaitQueueSize(-1));
        this.streams = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(false).setConnectTimeout(10_000).setTcpNoDelay(true)
                        .setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(Math.max(1, streamConnections)).setMaxWaitQueueSize(-1));
    }

    public CompletableFuture<Response> send(HttpMethod method, String url, String jsonBody, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setTimeout(timeoutMillis);
        options.putHeader("Accept", "application/json");
        if (jsonBody != null) {
            options.putHeader("Content-Type", "application/json");
        }
        headers.forEach(options::putHeader);
        CompletableFuture<Response> result = new CompletableFuture<>();
        // body() is asked for inside send()'s own callback, on the connection's event loop, before any of the body
        // can arrive. Chained one level up instead, from this (non event-loop) caller's thread, a whole response
        // could end in between: Vert.x then drops its chunks and body() completes empty, a 200 with "" (the
        // "answered 2xx without a version" of earlier chaos runs).
        requests.request(options)
                .compose(req -> (jsonBody == null ? req.send() : req.send(Buffer.buffer(jsonBody)))
                        .compose(resp -> resp.body().map(body -> new Response(resp.statusCode(),
                                body.toString(StandardCharsets.UTF_8), resp.getHeader("Location"), null))))
                .onComplete(ar -> result.complete(ar.succeeded() ? ar.result()
                        : new Response(0, "", null, String.valueOf(ar.cause()))));
        return result;
    }

    public CompletableFuture<Response> get(String url) {
        return send(HttpMethod.GET, url, null, Map.of());
    }

    public CompletableFuture<Response> get(String url, Map<String, String> headers) {
        return send(HttpMethod.GET, url, null, headers);
    }

    public CompletableFuture<Response> post(String url, String json, Map<String, String> headers) {
        return send(HttpMethod.POST, url, json, headers);
    }

    public CompletableFuture<Response> put(String url, String json, Map<String, String> headers) {
        return send(HttpMethod.PUT, url, json, headers);
    }

    /** Opens an SSE stream; the future completes once the response headers arrived (200) or fails. */
    public CompletableFuture<SseStream> stream(String url, Map<String, String> headers, SseStream.Listener listener) {
        return SseStream.open(streams, url, headers, listener);
    }

    @Override
    public void close() {
        requests.close();
        streams.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
