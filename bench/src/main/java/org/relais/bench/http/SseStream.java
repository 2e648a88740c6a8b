package org.relais.bench.http;

import java.util.concurrent.CompletableFuture;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** One open text/event-stream connection, parsed as it arrives on the event loop. */
public final class SseStream {

    /** Callbacks run on a Vert.x event loop: keep them short. */
    public interface Listener {
        void onEvent(String type, String data);

        default void onClosed(Throwable error) {
        }
    }

    /** The stream was answered with another status than 200. */
    public static final class Refused extends IllegalStateException {
        private final int status;

        Refused(String url, int status) {
            super("stream " + url + " answered " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private volatile HttpClientResponse response;
    private volatile boolean closing;
    private volatile SseParser parser;

    private SseStream() {
    }

    static CompletableFuture<SseStream> open(HttpClient client, String url, java.util.Map<String, String> headers, Listener listener) {
        SseStream stream = new SseStream();
        SseParser parser = new SseParser(listener::onEvent);
        stream.parser = parser;
        CompletableFuture<SseStream> opened = new CompletableFuture<>();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .putHeader("Accept", "text/event-stream");
        headers.forEach(options::putHeader);
        // The handlers go on inside send()'s own callback, on the event loop, before the first event can arrive
        // (attached later from another thread, the first chunks would be dropped: see Http#send).
        client.request(options)
                .compose(req -> req.send().onSuccess(resp -> {
                    if (resp.statusCode() != 200) {
                        resp.request().connection().close();
                        opened.completeExceptionally(new Refused(url, resp.statusCode()));
                        return;
                    }
                    stream.response = resp;
                    resp.handler(buffer -> parser.feed(buffer.getBytes()));
                    resp.exceptionHandler(e -> {
                        if (!stream.closing) {
                            listener.onClosed(e);
                        }
                    });
                    resp.endHandler(v -> {
                        if (!stream.closing) {
                            listener.onClosed(null);
                        }
                    });
                    opened.complete(stream);
                }))
                .onFailure(opened::completeExceptionally);
        return opened;
    }

    /** The id of the last event received (to send as Last-Event-ID when reconnecting), null when none had one. */
    public String lastEventId() {
        return parser.lastEventId();
    }

    public void close() {
        closing = true;
        HttpClientResponse r = response;
        if (r != null) {
            r.request().connection().close();
        }
    }
}
