package org.relais.referral.messaging;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.relais.outbox.PoisonEventException;

/**
 * A failure that is not poison (database or broker away, a deadlock victim) is retried in place for a few
 * minutes, keeping the partition's order, before the record is given up to the dead-letter topic. If the
 * service stops meanwhile, the offset is not committed and the record comes back at restart. Poison fails
 * at once.
 */
final class TransientFailures {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int RETRIES = 30;

    private TransientFailures() {
    }

    static <T> Uni<T> retried(Uni<T> work) {
        return work.onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(RETRIES);
    }
}
