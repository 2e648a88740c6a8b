package org.relais.gateway.live;

import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Context;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * Every capacity subscriber served by one event loop, behind a single subscription to the hot stream: a change
 * costs one hop onto the loop however many readers the loop serves, and the readers themselves need no locks.
 * Changes waiting for the loop coalesce per facility, so the publishing thread never waits and never piles up
 * more than one pending event per facility.
 */
final class LoopFanout implements MultiSubscriber<LiveChange> {

    private final Context context;
    /** Touched on the loop only. */
    private final Set<SseConnection> connections = new LinkedHashSet<>();

    // Guarded by this: filled by the publishing thread, emptied on the loop.
    private Map<String, LiveChange> pending = new LinkedHashMap<>();
    private boolean ping;
    private boolean drainScheduled;

    LoopFanout(Context context) {
        this.context = context;
    }

    /** On the loop. */
    void add(SseConnection connection) {
        connections.add(connection);
    }

    /** On the loop. */
    void remove(SseConnection connection) {
        connections.remove(connection);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE); // never back-pressure the publisher: coalesce instead
    }

    @Override
    public void onItem(LiveChange change) {
        boolean schedule;
        synchronized (this) {
            if (change instanceof LiveChange.FacilityFrame frame) {
                pending.put(frame.facilityId(), frame);
            } else {
                ping = true;
            }
            schedule = !drainScheduled;
            drainScheduled = true;
        }
        if (schedule) {
            context.runOnContext(v -> drain());
        }
    }

    /** The hot stream never ends while the application runs; if it does, readers reconnect to a fresh one. */
    @Override
    public void onFailure(Throwable failure) {
        onCompletion();
    }

    @Override
    public void onCompletion() {
        context.runOnContext(v -> {
            for (SseConnection reader : connections.toArray(new SseConnection[0])) {
                reader.abort();
            }
        });
    }

    private void drain() {
        Map<String, LiveChange> changes;
        boolean withPing;
        synchronized (this) {
            changes = pending;
            withPing = ping;
            pending = new LinkedHashMap<>();
            ping = false;
            drainScheduled = false;
        }
        LiveChange keepAlive = new LiveChange.KeepAlive();
        // A copy: a flush may find its reader gone, which removes it from the set.
        SseConnection[] readers = connections.toArray(new SseConnection[0]);
        for (SseConnection reader : readers) {
            changes.values().forEach(reader::offer);
            if (withPing) {
                reader.offer(keepAlive);
            }
            reader.flush();
        }
    }
}
