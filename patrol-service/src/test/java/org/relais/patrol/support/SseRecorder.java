package org.relais.patrol.support;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.relais.testing.TestTokens;
import org.relais.testing.kafka.EventProducer;

import static org.awaitility.Awaitility.await;
import static org.relais.events.ReferralStatus.REQUESTED;
import static org.relais.events.ReferralStatus.WAITLISTED;

/** Records a server-sent event stream, line by line, on a background thread. */
public final class SseRecorder implements AutoCloseable {

    /** One event as received: its name, data and id (a comment has the name ":" and its text as data). */
    public record Event(String name, String data, String id) {

        public Event(String name, String data) {
            this(name, data, null);
        }
    }

    private final HttpResponse<Stream<String>> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    /** Opens the stream with this bearer token, or without one when it is null. */
    public SseRecorder(URI uri, String token) throws Exception {
        this(uri, token, null);
    }

    /** Opens the stream as a client reconnecting after the event {@code lastEventId} (none when null). */
    public SseRecorder(URI uri, String token, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
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

    /**
     * Opens the patrol's stream and returns once the server forwards the patrol's changes to it: the stream's 200 and
     * first keep-alive may come a moment before, and a change stored in between is not streamed (nobody watched the
     * patrol yet). Until the stream shows one, a new referral of the patrol's own is stored and given a status: each a
     * real change (the same status again would be no change, and no notice), and a stream that ended meanwhile (its
     * instance listening again after an outage) is opened again, as the page does.
     */
    public static SseRecorder watching(Pool pool, String patrol, String token, EventProducer producer) throws Exception {
        SseRecorder[] stream = {new SseRecorder(uri(patrol), token)};
        List<String> probes = new ArrayList<>();
        try {
            await().atMost(Waits.PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (probes.stream().anyMatch(probe -> stream[0].statuses(probe).contains("WAITLISTED"))) {
                    return true;
                }
                if (stream[0].ended()) {
                    stream[0].close();
                    stream[0] = new SseRecorder(uri(patrol), token);
                }
                String probe = StoredReferrals.insert(pool, patrol);
                probes.add(probe);
                producer.send(StatusEvents.event(probe, patrol, REQUESTED, WAITLISTED, null, null, null));
                return false;
            });
        } catch (RuntimeException | Error e) {
            stream[0].close();
            throw e;
        }
        return stream[0];
    }

    public static URI uri(String patrolId) {
        return URI.create("http://localhost:" + RestAssured.port + "/api/patrols/" + patrolId + "/referrals/stream");
    }

    /** The statuses the stream showed for this referral, in order. */
    public List<String> statuses(String referralId) {
        return views(referralId).stream().map(view -> view.getString("status")).toList();
    }

    /** The {@code referral} events about this referral, in order. */
    public List<JsonPath> views(String referralId) {
        return referralEvents().stream()
                .map(e -> JsonPath.from(e.data()))
                .filter(view -> referralId.equals(view.getString("id")))
                .toList();
    }

    public List<Event> referralEvents() {
        return events.stream().filter(e -> e.name().equals("referral")).toList();
    }

    /** True once the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    /** The id of the last event that had one, as a client would send it when reconnecting. */
    public String lastEventId() {
        return events.stream().map(Event::id).filter(id -> id != null).reduce((first, second) -> second).orElse(null);
    }

    private void read() {
        String[] name = {null};
        String[] id = {null};
        StringBuilder data = new StringBuilder();
        try {
            response.body().forEach(line -> {
                if (line.isEmpty()) {
                    if (name[0] != null || data.length() > 0) {
                        events.add(new Event(name[0] == null ? "message" : name[0], data.toString(), id[0]));
                    }
                    name[0] = null;
                    id[0] = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    events.add(new Event(":", line.substring(1).trim()));
                } else if (line.startsWith("event:")) {
                    name[0] = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()).trim());
                } else if (line.startsWith("id:")) {
                    id[0] = line.substring("id:".length()).trim();
                }
            });
            ended = true;
        } catch (RuntimeException closed) {
            // The stream was closed by the test.
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
