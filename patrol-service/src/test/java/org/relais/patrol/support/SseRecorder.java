package org.relais.patrol.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.relais.testing.TestTokens;

/** Records a server-sent event stream, line by line, on a background thread. */
public final class SseRecorder implements AutoCloseable {

    /** One event as received: its name and data (a comment has the name ":" and its text as data). */
    public record Event(String name, String data) {
    }

    private final HttpResponse<Stream<String>> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    /** Opens the stream with this bearer token, or without one when it is null. */
    public SseRecorder(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "sse-recorder");
            reader.setDaemon(true);
            reader.start();
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    private void read() {
        String[] name = {null};
        StringBuilder data = new StringBuilder();
        try {
            response.body().forEach(line -> {
                if (line.isEmpty()) {
                    if (name[0] != null || data.length() > 0) {
                        events.add(new Event(name[0] == null ? "message" : name[0], data.toString()));
                    }
                    name[0] = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    events.add(new Event(":", line.substring(1).trim()));
                } else if (line.startsWith("event:")) {
                    name[0] = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()).trim());
                }
            });
        } catch (RuntimeException closed) {
            // The stream was closed by the test.
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
