package org.relais.patrol.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Status changes of referrals, fanned out to this instance's open patrol streams. It holds no state of its own beyond
 * who is listening: every instance hears every committed change (PostgreSQL NOTIFY, in commit order), and a stream
 * resumed after a change number reads what it missed from the database, so any instance can resume any stream.
 */
@ApplicationScoped
public class ReferralStream {

    /** A stream further behind than this is closed; the patrol view reconnects and resumes from its last id. */
    private static final int MAX_BACKLOG = 256;

    private final ConcurrentHashMap<String, AtomicInteger> listeners = new ConcurrentHashMap<>();
    private volatile BroadcastProcessor<ReferralChange> changes = BroadcastProcessor.create();

    /** True when a stream of this patrol is open here: otherwise its changes need not be passed on. */
    public boolean watched(String patrolId) {
        return listeners.containsKey(patrolId);
    }

    /** Called by one listener, one change at a time, in the order the changes committed. */
    public void publish(ReferralChange change) {
        changes.onNext(change);
    }

    /**
     * Ends every open stream, when changes may have been missed (the listener's connection was lost): their clients
     * reconnect with their last id and resume from the database.
     */
    public void endAll() {
        BroadcastProcessor<ReferralChange> ended = changes;
        changes = BroadcastProcessor.create();
        ended.onComplete();
    }

    /** The patrol's changes from now on. Ends when it falls too far behind, or when a change did not fit its notice. */
    public Multi<ReferralChange> of(String patrolId) {
        return changes
                .select().where(change -> patrolId.equals(change.patrolId()))
                .select().first(change -> change.referral() != null)
                .onOverflow().buffer(MAX_BACKLOG)
                .onFailure(BackPressureFailure.class).recoverWithCompletion()
                .onSubscription().invoke(() -> listeners.computeIfAbsent(patrolId, id -> new AtomicInteger()).incrementAndGet())
                .onTermination().invoke(() -> listeners.computeIfPresent(patrolId,
                        (id, count) -> count.decrementAndGet() == 0 ? null : count));
    }

    /**
     * The patrol's changes after number {@code lastSeen}: first those {@code missed} (every referral changed since, as
     * stored: {@link ReferralService#changedSince}), then the live changes, with no gap and none twice. The live changes
     * are listened to before {@code missed} is read (a change committed after the read is heard), held until the read is
     * sent, and those not above the last number sent (in the read already, or sent before the reconnect) are dropped:
     * the ids a stream sends only ever grow.
     */
    public Multi<ReferralChange> after(String patrolId, long lastSeen, Uni<List<ReferralChange>> missedChanges) {
        Multi<Step> live = of(patrolId).map(Step::live);
        Multi<Step> missed = missedChanges
                .onItem().transformToMulti(changed -> Multi.createFrom().iterable(changed))
                .map(Step::missed)
                .onCompletion().continueWith(Step.CAUGHT_UP);
        Resumption resumption = new Resumption(lastSeen);
        // Merging subscribes in this order: the live changes are listened to before the read starts.
        return Multi.createBy().merging().streams(live, missed)
                .onItem().transformToIterable(resumption::next);
    }

    /** A live change, one read from the database, or the mark that the read is all sent ({@code change} null). */
    private record Step(ReferralChange change, boolean live) {

        static final Step CAUGHT_UP = new Step(null, false);

        static Step live(ReferralChange change) {
            return new Step(change, true);
        }

        static Step missed(ReferralChange change) {
            return new Step(change, false);
        }
    }

    /** One stream's resumption; called one step at a time. */
    private static final class Resumption {

        /** Live changes heard while the database was read: a handful at most (a read takes milliseconds). */
        private final List<ReferralChange> held = new ArrayList<>();
        private long lastSent;
        private boolean caughtUp;

        Resumption(long lastSeen) {
            this.lastSent = lastSeen;
        }

        List<ReferralChange> next(Step step) {
            if (step == Step.CAUGHT_UP) {
                caughtUp = true;
                List<ReferralChange> waiting = List.copyOf(held);
                held.clear();
                return newer(waiting);
            }
            if (step.live() && !caughtUp) {
                held.add(step.change());
                return List.of();
            }
            return newer(List.of(step.change()));
        }

        private List<ReferralChange> newer(List<ReferralChange> changes) {
            List<ReferralChange> sent = new ArrayList<>();
            for (ReferralChange change : changes) {
                if (change.seq() > lastSent) {
                    sent.add(change);
                    lastSent = change.seq();
                }
            }
            return sent;
        }
    }
}
