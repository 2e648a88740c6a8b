package org.relais.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Appends an event to the outbox inside the caller's transaction, so the event exists if and only if the
 * state change commits. The commit wakes the relay of every instance of the service (a notification, see
 * {@link OutboxNotifications}); the relay's poll is the safety net.
 */
@ApplicationScoped
public class Outbox {

    private final EventJson json;

    public Outbox(EventJson json) {
        this.json = json;
    }

    /** Must run inside a transaction ({@code @WithTransaction} or {@code Panache.withTransaction}). */
    public Uni<Void> append(String topic, String key, UUID eventId, Object event) {
        EventJson.Written written = json.writeForRecord(event);
        return Panache.getSession().chain(session -> session
                .createNativeQuery("""
                        INSERT INTO outbox_event (event_id, topic, record_key, payload, event_type, occurred_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, eventId)
                .setParameter(2, topic)
                .setParameter(3, key)
                .setParameter(4, written.json())
                .setParameter(5, CloudEventHeaders.type(topic, written.type()))
                .setParameter(6, written.occurredAt() == null ? null : written.occurredAt().atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }
}
