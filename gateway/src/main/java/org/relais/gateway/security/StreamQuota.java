package org.relais.gateway.security;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.relais.common.problem.Problem;
import org.relais.common.problem.ProblemMappers;
import org.relais.common.problem.ProblemReplies;

/**
 * Open event streams per token subject on this gateway instance, the capacity board's and proxied ones together:
 * a stream holds a connection for hours, so one token opening a thousand would starve everybody else. Beyond
 * {@code relais.streams.per-subject}: 429 problem+json with Retry-After. Like the rate limit, the count lives in
 * each instance's memory.
 */
@ApplicationScoped
public class StreamQuota {

    /** One open stream's place in its subject's count; released once, however many times it is closed. */
    public static final class Slot {
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Runnable release) {
            this.release = release;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }
    }

    private final int perSubject;
    private final ProblemReplies problems;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public StreamQuota(StreamConfig config, ProblemReplies problems) {
        this.perSubject = config.perSubject();
        this.problems = problems;
    }

    /**
     * A place for one more stream of the request's caller (checked by {@link AccessGuard} before), or empty once
     * the 429 has been sent.
     */
    public Optional<Slot> open(RoutingContext ctx) {
        String subject = AccessGuard.subject(ctx);
        Optional<Slot> slot = take(subject);
        if (slot.isEmpty()) {
            ctx.response().putHeader("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS);
            problems.send(ctx.response(), Problem.of(429, "Too Many Requests", "This token already has " + perSubject
                    + " event streams open on this gateway: close one (or wait for one to end) before opening another."));
        }
        return slot;
    }

    Optional<Slot> take(String subject) {
        boolean[] granted = {false};
        open.compute(subject, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perSubject) {
                return count;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0] ? Optional.of(new Slot(() -> release(subject))) : Optional.empty();
    }

    /** Streams open for this subject now. */
    public int open(String subject) {
        return open.getOrDefault(subject, 0);
    }

    private void release(String subject) {
        // At zero the entry goes, so the map holds only subjects with open streams.
        open.computeIfPresent(subject, (key, count) -> count <= 1 ? null : count - 1);
    }
}
