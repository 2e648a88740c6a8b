package org.relais.capacity.service;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Group commit: requests that arrive while a group is in flight wait and then run together, in the next group
 * (one transaction, one BEGIN/COMMIT, one session for up to {@code maxGroup} requests), which is what makes writes
 * cheap under load. Idle, a request runs alone at once, as without grouping.
 * <p>
 * No thread of its own and never a blocked event loop: the caller that finds no group in flight leads, running the
 * group on its own Vert.x duplicated context (where a Hibernate Reactive session may live); when a group ends, the
 * oldest waiting caller leads the next group on its own context. Every caller is answered on its own context, and
 * only once its group has ended (committed, or failed as a whole). One group at a time per instance: row locks, not
 * this class, keep instances apart.
 *
 * @param <R> a request
 * @param <T> the answer to one request
 */
final class GroupCommit<R, T> {

    /** The answer to one request of a group: a value, or a refusal of this request alone. */
    record Outcome<T>(T value, Throwable refusal) {

        static <T> Outcome<T> accepted(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> refused(Throwable refusal) {
            return new Outcome<>(null, refusal);
        }
    }

    private record Waiting<R, T>(R request, Context context, UniEmitter<? super T> caller) {
    }

    private final int maxGroup;
    private final Function<List<R>, Uni<List<Outcome<T>>>> group;
    private final IntConsumer groupSizes;
    /** Callers whose request is not yet in a group, oldest first. Not empty only while a group is in flight. */
    private final ArrayDeque<Waiting<R, T>> waiting = new ArrayDeque<>();
    private boolean inFlight;

    /**
     * @param group runs one group in one transaction and answers each request, in order; failing, it fails them all
     * @param groupSizes told the size of every group that starts (a metric)
     */
    GroupCommit(int maxGroup, Function<List<R>, Uni<List<Outcome<T>>>> group, IntConsumer groupSizes) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.maxGroup = maxGroup;
        this.group = group;
        this.groupSizes = groupSizes;
    }

    /** The answer to {@code request}, once the group it ran in has ended. Call it on a Vert.x duplicated context. */
    Uni<T> submit(R request) {
        return Uni.createFrom().emitter(caller -> {
            Context context = Vertx.currentContext();
            // The caller may have to lead, and a transaction needs a context of its own (its session lives there).
            if (context == null || !VertxContext.isDuplicatedContext(context)) {
                caller.fail(new IllegalStateException("a grouped write must be submitted on a Vert.x duplicated context"));
                return;
            }
            boolean lead;
            synchronized (this) {
                waiting.add(new Waiting<>(request, context, caller));
                lead = !inFlight;
                inFlight = true;
            }
            if (lead) {
                lead();
            }
        });
    }

    /** Runs on the context of the oldest waiting caller, whose request is the first of the group. */
    private void lead() {
        List<Waiting<R, T>> members = new ArrayList<>();
        synchronized (this) {
            while (members.size() < maxGroup && !waiting.isEmpty()) {
                members.add(waiting.poll());
            }
        }
        groupSizes.accept(members.size());
        List<R> requests = members.stream().map(Waiting::request).toList();
        // Not tied to the leader's subscription: a leader that goes away must not cancel the others' transaction.
        Uni.createFrom().deferred(() -> group.apply(requests)).subscribe().with(
                outcomes -> {
                    try {
                        if (outcomes.size() != members.size()) {
                            throw new IllegalStateException(outcomes.size() + " answers for " + members.size() + " requests");
                        }
                        for (int i = 0; i < members.size(); i++) {
                            answer(members.get(i), outcomes.get(i));
                        }
                    } catch (RuntimeException e) {
                        members.forEach(member -> answer(member, Outcome.refused(e)));
                    } finally {
                        handOver();
                    }
                },
                failure -> {
                    try {
                        members.forEach(member -> answer(member, Outcome.refused(failure)));
                    } finally {
                        handOver();
                    }
                });
    }

    private static <R, T> void answer(Waiting<R, T> member, Outcome<T> outcome) {
        member.context().runOnContext(ignored -> {
            if (outcome.refusal() != null) {
                member.caller().fail(outcome.refusal());
            } else {
                member.caller().complete(outcome.value());
            }
        });
    }

    /** The group ended: the oldest waiting caller leads the next one, on its own context; none waiting, none leads. */
    private void handOver() {
        Waiting<R, T> next;
        synchronized (this) {
            next = waiting.peek();
            if (next == null) {
                inFlight = false;
                return;
            }
        }
        next.context().runOnContext(ignored -> lead());
    }
}
