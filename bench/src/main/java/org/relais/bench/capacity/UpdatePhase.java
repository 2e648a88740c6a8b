package org.relais.bench.capacity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.relais.bench.load.Latency;

/**
 * The availability updates of one bench phase and what the subscribers saw of them. Each update sets a
 * facility's {@code free} to a value unique for that facility within the phase, so an event on a stream
 * names the update it comes from, whatever arrives first: the PUT's answer or the event.
 */
public final class UpdatePhase {

    /** One PUT: when it was meant to be sent, when its 2xx came back, how many subscribers saw its event. */
    static final class Update {
        final int facility;
        final long intendedNanos;
        volatile long answeredNanos;
        volatile boolean acknowledged;
        final AtomicInteger delivered = new AtomicInteger();

        Update(int facility, long intendedNanos) {
            this.facility = facility;
            this.intendedNanos = intendedNanos;
        }
    }

    final String name;
    final Latency put;
    final Latency endToEnd;
    final Latency propagation;
    private final Map<Long, Update> updates = new ConcurrentHashMap<>();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong unmatchedEvents = new AtomicLong();
    final AtomicLong deliveries = new AtomicLong();
    volatile long lastDeliveryNanos = System.nanoTime();
    /** Highest version acknowledged per facility in this phase (0 = none). */
    final AtomicLongArray ackedVersion;
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

    UpdatePhase(String name, int facilities) {
        this.name = name;
        this.put = new Latency(name + ": PUT answered (from intended send)");
        this.endToEnd = new Latency(name + ": event at subscriber (from intended send)");
        this.propagation = new Latency(name + ": PUT answer -> event at subscriber");
        this.ackedVersion = new AtomicLongArray(facilities);
    }

    static long key(int facility, int free) {
        return ((long) facility << 20) | free;
    }

    Update sent(int facility, int free, long intendedNanos) {
        Update u = new Update(facility, intendedNanos);
        updates.put(key(facility, free), u);
        inFlight.incrementAndGet();
        return u;
    }

    void answered(Update u, int status, long version, String error) {
        long now = System.nanoTime();
        inFlight.decrementAndGet();
        put.recordNanos(now - u.intendedNanos);
        if (status >= 200 && status < 300) {
            u.answeredNanos = now;
            u.acknowledged = true;
            acknowledged.incrementAndGet();
            ackedVersion.accumulateAndGet(u.facility, version, Math::max);
        } else {
            if (status == 0) {
                failed.incrementAndGet();
            } else {
                rejected.incrementAndGet();
            }
            errors.computeIfAbsent(status == 0 ? String.valueOf(error) : "HTTP " + status, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** A subscriber saw facility {@code facility} with {@code free}: match it to its update. */
    void delivered(int facility, int free, long nowNanos) {
        Update u = updates.get(key(facility, free));
        if (u == null) {
            unmatchedEvents.incrementAndGet();
            return;
        }
        deliveries.incrementAndGet();
        lastDeliveryNanos = nowNanos;
        u.delivered.incrementAndGet();
        endToEnd.recordNanos(nowNanos - u.intendedNanos);
        long answered = u.answeredNanos;
        // The event may beat the PUT's answer to the bench: that counts as zero, not as a negative latency.
        propagation.recordNanos(answered == 0 ? 0 : nowNanos - answered);
    }

    Iterable<Update> updates() {
        return updates.values();
    }

    long sentCount() {
        return updates.size();
    }
}
