package org.relais.patrol.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Status changes of referrals, fanned out to this instance's open patrol streams. It holds no state of its
 * own beyond who is listening: every instance is fed every change by its own broadcast consumer.
 */
@ApplicationScoped
public class ReferralStream {

    /** A stream further behind than this is closed; the patrol view reconnects and reloads its list. */
    private static final int MAX_BACKLOG = 256;

    private final BroadcastProcessor<ReferralView> changes = BroadcastProcessor.create();
    private final ConcurrentHashMap<String, AtomicInteger> listeners = new ConcurrentHashMap<>();

    /** True when a stream of this patrol is open here: otherwise its changes need not be looked up. */
    public boolean watched(String patrolId) {
        return listeners.containsKey(patrolId);
    }

    /** Called by one consumer, one change at a time. */
    public void publish(ReferralView change) {
        changes.onNext(change);
    }

    public Multi<ReferralView> of(String patrolId) {
        return changes
                .filter(change -> patrolId.equals(change.patrolId()))
                .onOverflow().buffer(MAX_BACKLOG)
                .onFailure(BackPressureFailure.class).recoverWithCompletion()
                .onSubscription().invoke(() -> listeners.computeIfAbsent(patrolId, id -> new AtomicInteger()).incrementAndGet())
                .onTermination().invoke(() -> listeners.computeIfPresent(patrolId,
                        (id, count) -> count.decrementAndGet() == 0 ? null : count));
    }
}
