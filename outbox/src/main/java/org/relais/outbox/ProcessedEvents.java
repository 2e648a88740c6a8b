package org.relais.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Makes a consumer idempotent: inside the consumer's transaction, {@link #firstTime} records the event id
 * and says whether it was new. A redelivered event (after a crash before the offset commit) is then skipped,
 * and since the mark commits with the change, the two can never disagree.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** Must run inside a transaction. True when this consumer has not applied this event before. */
    public Uni<Boolean> firstTime(String consumer, UUID eventId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
