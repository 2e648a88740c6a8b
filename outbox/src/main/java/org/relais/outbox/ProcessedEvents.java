package org.relais.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /**
     * The set-based {@link #firstTime}, for a consumer that applies a batch in one transaction: records every id in one
     * statement and returns those this consumer had not applied before (an id given twice is returned once). Must run
     * inside a transaction.
     */
    public Uni<Set<UUID>> firstTimes(String consumer, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        // The ids travel as one text parameter (a UUID holds no comma): one query string for every batch size.
        String ids = eventIds.stream().distinct().map(UUID::toString).collect(Collectors.joining(","));
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO processed_event (consumer, event_id)"
                        + " SELECT ?1, CAST(id AS uuid) FROM unnest(string_to_array(?2, ',')) AS id"
                        + " ON CONFLICT DO NOTHING RETURNING CAST(event_id AS text)", String.class)
                .setParameter(1, consumer)
                .setParameter(2, ids)
                .getResultList())
                .map(fresh -> fresh.stream().map(UUID::fromString).collect(Collectors.toUnmodifiableSet()));
    }
}
