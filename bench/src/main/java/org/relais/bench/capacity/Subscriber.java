package org.relais.bench.capacity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.relais.bench.http.JsonFields;
import org.relais.bench.http.SseStream;

/**
 * One client of /api/capacity/stream, watching some arrondissements ("00001,00002"; null: the gateway's
 * configured ones, which hold no bench facility). Remembers the latest availability
 * version it saw per bench facility: a repeated version (e.g. a change of held places only) is not a new
 * availability, and the final comparison with the acknowledged versions tells what never arrived.
 * Events of one stream arrive on one event-loop thread, so the array needs no lock.
 */
final class Subscriber implements SseStream.Listener {

    final String arrondissement;
    private final java.util.Set<String> watched;
    private final BenchFacilities facilities;
    /** Latest version seen per watched facility, by slot (see {@link #slot}); ints keep 5,000 subscribers small. */
    private final int[] lastVersion;
    final CompletableFuture<Long> snapshot = new CompletableFuture<>();
    final long openedNanos = System.nanoTime();
    volatile UpdatePhase phase;
    volatile boolean closed;
    volatile long lastEventNanos;
    SseStream stream;
    static final AtomicLong DROPPED = new AtomicLong();

    Subscriber(String arrondissement, BenchFacilities facilities) {
        this.arrondissement = arrondissement;
        this.watched = arrondissement == null ? java.util.Set.of() : java.util.Set.of(arrondissement.split(","));
        this.facilities = facilities;
        this.lastVersion = new int[watched.size() == 1 ? facilities.perArrondissement() : facilities.size()];
    }

    boolean watches(int facility) {
        return watched.contains(facilities.arrondissementOf(facility));
    }

    private int slot(int facility) {
        return watched.size() == 1 ? facilities.slot(facility) : facility;
    }

    long lastVersion(int facility) {
        long fence = lastEventNanos; // volatile read: see the array as the event loop left it
        return fence >= 0 ? lastVersion[slot(facility)] : 0;
    }

    @Override
    public void onEvent(String type, String data) {
        long now = System.nanoTime();
        if ("snapshot".equals(type)) {
            snapshot.complete(now - openedNanos);
            return;
        }
        if (!"facility".equals(type)) {
            return;
        }
        String id = JsonFields.get(data, "id");
        Integer facility = id == null ? null : facilities.indexOf(id);
        if (facility == null || !watches(facility)) {
            return;
        }
        long version = JsonFields.getLong(data, "version", -1);
        int slot = slot(facility);
        if (version <= lastVersion[slot]) {
            return;
        }
        lastVersion[slot] = (int) version;
        UpdatePhase p = phase;
        if (p != null) {
            p.delivered(facility, (int) JsonFields.getLong(data, "free", -1), now);
        }
        lastEventNanos = now;
    }

    @Override
    public void onClosed(Throwable error) {
        if (!closed) {
            closed = true;
            DROPPED.incrementAndGet();
        }
        snapshot.completeExceptionally(error == null ? new IllegalStateException("stream ended") : error);
    }

    void close() {
        closed = true;
        if (stream != null) {
            stream.close();
        }
    }
}
