package org.relais.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.relais.testing.TestTokens;

/** Reads a server-sent event stream over a real HTTP connection, collecting events and comments as they come. */
public final class SseClient implements AutoCloseable {

    /** One event; a comment (": ping") has the name "comment". */
    public record Event(String name, String data) {
        public JsonObject json() {
            return new JsonObject(data);
        }
    }

    /** One event loop group for every test client; each client has its own connection. */
    private static final Vertx VERTX = Vertx.vertx();

    private final HttpClient client;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private HttpClientResponse response;
    private volatile boolean ended;

    private SseClient(HttpClientOptions options) {
        client = VERTX.createHttpClient(options);
    }

    /** Connects and returns once the response headers arrived. */
    public static SseClient open(URI uri) {
        return open(uri, new HttpClientOptions());
    }

    /** As a coordinator, who may read every stream. */
    public static SseClient open(URI uri, HttpClientOptions options) {
        return open(uri, options, TestTokens.coordinator());
    }

    /** {@code token} null: anonymous. */
    public static SseClient open(URI uri, HttpClientOptions options, String token) {
        SseClient sse = new SseClient(options);
        sse.connect(uri, token);
        return sse;
    }

    private void connect(URI uri, String token) {
        try {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost())
                            .setPort(uri.getPort()).setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                            .addHeader("Accept", "text/event-stream");
            if (token != null) {
                options.addHeader("Authorization", TestTokens.bearer(token));
            }
            // Everything on one context, the one the connection's events are delivered on: the body handler is
            // then set before the first chunk is dispatched (set from another thread, a chunk arriving with
            // the headers could be dropped).
            CompletableFuture<HttpClientResponse> opened = new CompletableFuture<>();
            VERTX.getOrCreateContext().runOnContext(v -> client.request(options)
                    .compose(HttpClientRequest::send)
                    .onSuccess(answer -> {
                        if (answer.statusCode() == 200) {
                            answer.handler(buffer -> parse(buffer.toString()));
                            answer.endHandler(end -> ended = true);
                            answer.exceptionHandler(e -> ended = true);
                        }
                        opened.complete(answer);
                    })
                    .onFailure(opened::completeExceptionally));
            response = opened.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open " + uri, e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.getHeader(name);
    }

    /** Stops reading (the socket fills up, as with a slow phone) until {@link #resume()}. */
    public void pause() {
        response.pause();
    }

    public void resume() {
        response.resume();
    }

    /** The stream ended, or its connection was closed, from the other side. */
    public boolean ended() {
        return ended;
    }

    public List<Event> events() {
        return new ArrayList<>(events);
    }

    public List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    private synchronized void parse(String chunk) {
        partial.append(chunk);
        int end;
        while ((end = partial.indexOf("\n\n")) >= 0) {
            String block = partial.substring(0, end);
            partial.delete(0, end + 2);
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    events.add(new Event("comment", line.substring(1).trim()));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
            if (!data.isEmpty()) {
                events.add(new Event(name, data.toString()));
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
