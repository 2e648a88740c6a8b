package org.relais.bench.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.relais.bench.http.Http;
import org.relais.bench.http.SseStream;

/**
 * The live streams a cluster chaos run keeps open while it kills things: the capacity stream of each gateway instance
 * on its own port (so a kill of one gateway shows on its readers only), and a few patrols' referral streams through the
 * load balancer, as the patrol page reads them. A stream that ends is opened again a second later, the way the pages
 * do it: with the Last-Event-ID it got (if any). A patrol stream opened without one (none received yet), or whose id
 * was refused (400), reloads the patrol's list once open; one that resumed from its id does not: patrol-service sends
 * what changed since first.
 */
final class StreamWatch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REOPEN_MILLIS = 1_000;

    private final Http http;
    private final ScheduledExecutorService reopen = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-streams");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;
    final List<CapacityReader> capacity = new ArrayList<>();
    final List<PatrolReader> patrols = new ArrayList<>();

    StreamWatch(Http http) {
        this.http = http;
    }

    /** One gateway instance's capacity stream: when changes came, when it ended, the latest version per facility. */
    final class CapacityReader implements SseStream.Listener {
        final String instance;
        private final String url;
        private final Map<String, String> auth;
        private final Set<String> facilities;
        final ConcurrentLinkedQueue<Long> changes = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> closures = new ConcurrentLinkedQueue<>();
        final Map<String, Long> versions = new ConcurrentHashMap<>();
        final AtomicLong opened = new AtomicLong();

        CapacityReader(String instance, String url, Map<String, String> auth, Set<String> facilities) {
            this.instance = instance;
            this.url = url;
            this.auth = auth;
            this.facilities = facilities;
        }

        void open() {
            if (stopped) {
                return;
            }
            http.stream(url, auth, this).whenComplete((s, e) -> {
                if (e != null) {
                    later(this::open);
                } else {
                    opened.incrementAndGet();
                }
            });
        }

        @Override
        public void onEvent(String type, String data) {
            try {
                if ("snapshot".equals(type)) {
                    for (JsonNode f : JSON.readTree(data).path("facilities")) {
                        seen(f);
                    }
                } else if ("facility".equals(type) && seen(JSON.readTree(data))) {
                    changes.add(System.nanoTime());
                }
            } catch (Exception e) {
                ChaosRun.log(instance + " stream: unreadable " + type + " event: " + e);
            }
        }

        private boolean seen(JsonNode f) {
            String id = f.path("id").asText();
            if (!facilities.contains(id)) {
                return false;
            }
            versions.merge(id, f.path("version").asLong(), Math::max);
            return true;
        }

        @Override
        public void onClosed(Throwable error) {
            closures.add(System.nanoTime());
            later(this::open);
        }

        /** Changes received and times the stream ended between two instants (System.nanoTime). */
        ClusterChecks.StreamActivity between(long from, long to) {
            return new ClusterChecks.StreamActivity(instance, changes.stream().filter(t -> t >= from && t <= to).count(),
                    closures.stream().filter(t -> t >= from && t <= to).count());
        }
    }

    /** One patrol's referral stream through the load balancer, and the patrol's list as the page builds it from it. */
    final class PatrolReader implements SseStream.Listener {
        final String patrol;
        private final String gateway;
        private final Map<String, String> auth;
        private volatile SseStream stream;
        private volatile String lastEventId;
        /** referral id -> the latest (updatedAt, status) shown, from the list or the stream. */
        private final Map<String, ClusterChecks.Shown> view = new ConcurrentHashMap<>();
        /** Changes the stream delivered so far, and referral id -> the count when the stream last changed it. */
        private final AtomicLong streamed = new AtomicLong();
        private final Map<String, Long> streamedAt = new ConcurrentHashMap<>();
        /** Changes the stream delivered, as "referral status updatedAt": one seen twice is a duplicate. */
        private final Set<String> delivered = ConcurrentHashMap.newKeySet();
        final AtomicLong events = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final ConcurrentLinkedQueue<Long> closures = new ConcurrentLinkedQueue<>();
        final AtomicLong reopened = new AtomicLong();
        final AtomicLong sentLastEventId = new AtomicLong();
        /** The stream sent event ids: its view is built by resuming, and a change it missed is a failure. */
        private volatile boolean ids;

        PatrolReader(String patrol, String gateway, Map<String, String> auth) {
            this.patrol = patrol;
            this.gateway = gateway;
            this.auth = auth;
        }

        void open() {
            if (stopped) {
                return;
            }
            Map<String, String> headers = new HashMap<>(auth);
            String resuming = lastEventId;
            if (resuming != null) {
                headers.put("Last-Event-ID", resuming);
                sentLastEventId.incrementAndGet();
            }
            http.stream(gateway + "/api/patrols/" + patrol + "/referrals/stream", headers, this).whenComplete((s, e) -> {
                if (e != null) {
                    if (resuming != null && refusedId(e)) {
                        // patrol-service did not know the id: open afresh, and reload as the page does.
                        lastEventId = null;
                    }
                    later(this::open);
                    return;
                }
                stream = s;
                if (!closures.isEmpty()) {
                    reopened.incrementAndGet();
                }
                if (resuming == null) {
                    reload();
                }
            });
        }

        private static boolean refusedId(Throwable e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            return cause instanceof SseStream.Refused refused && refused.status() == 400;
        }

        /** The list as the patrol page loads it once its stream is live: it covers what happened while it was closed. */
        private void reload() {
            long sentAfter = streamed.get();
            http.get(gateway + "/api/patrols/" + patrol + "/referrals?limit=500", auth).thenAccept(r -> {
                if (!r.ok()) {
                    later(this::reload);
                    return;
                }
                try {
                    for (JsonNode ref : JSON.readTree(r.body())) {
                        // As the page does: the list may be older than a change the stream brought meanwhile.
                        if (streamedAt.getOrDefault(ref.path("id").asText(), 0L) <= sentAfter) {
                            show(ref);
                        }
                    }
                } catch (Exception e) {
                    ChaosRun.log("patrol " + patrol + " list unreadable: " + e);
                }
            });
        }

        /**
         * Shows a referral as the stream or a list read gave it. The stream's changes come in the order of their ids,
         * so the last one shown is the newest; its time is not compared (two steps may carry the same time).
         */
        private void show(JsonNode ref) {
            String at = ref.path("updatedAt").asText();
            view.put(ref.path("id").asText(),
                    new ClusterChecks.Shown(ref.path("status").asText(), at.isEmpty() ? Instant.EPOCH : Instant.parse(at)));
        }

        @Override
        public void onEvent(String type, String data) {
            if (!"referral".equals(type)) {
                return;
            }
            try {
                JsonNode ref = JSON.readTree(data);
                events.incrementAndGet();
                if (!delivered.add(ref.path("id").asText() + " " + ref.path("status").asText() + " " + ref.path("updatedAt").asText())) {
                    duplicates.incrementAndGet();
                }
                streamedAt.put(ref.path("id").asText(), streamed.incrementAndGet());
                show(ref);
            } catch (Exception e) {
                ChaosRun.log("patrol " + patrol + " stream: unreadable event: " + e);
            }
        }

        @Override
        public void onClosed(Throwable error) {
            closures.add(System.nanoTime());
            SseStream s = stream;
            if (s != null && s.lastEventId() != null) {
                lastEventId = s.lastEventId();
                ids = true;
            }
            later(this::open);
        }

        long closedBetween(long from, long to) {
            return closures.stream().filter(t -> t >= from && t <= to).count();
        }

        Map<String, ClusterChecks.Shown> view() {
            return Map.copyOf(view);
        }

        /** True when the stream has sent event ids (seen at a reconnect, or on the stream open now). */
        boolean ids() {
            SseStream s = stream;
            return ids || (s != null && s.lastEventId() != null);
        }
    }

    CapacityReader capacity(String instance, String url, Map<String, String> auth, Set<String> facilities) {
        CapacityReader reader = new CapacityReader(instance, url, auth, facilities);
        capacity.add(reader);
        reader.open();
        return reader;
    }

    PatrolReader patrol(String patrol, String gateway, Map<String, String> auth) {
        PatrolReader reader = new PatrolReader(patrol, gateway, auth);
        patrols.add(reader);
        reader.open();
        return reader;
    }

    private void later(Runnable r) {
        if (!stopped) {
            reopen.schedule(r, REOPEN_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        stopped = true;
        reopen.shutdownNow();
    }
}
