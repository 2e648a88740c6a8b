package org.relais.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import org.relais.events.EventJson;
import org.relais.events.RelaisEvent;

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

    /**
     * The one way an event leaves a service: on its topic, under its key. Must run inside a transaction
     * ({@code @WithTransaction} or {@code Panache.withTransaction}).
     */
    public Uni<Void> publish(RelaisEvent event) {
        String topic = event.topic();
        EventJson.Written written = json.writeForRecord(event);
        return Panache.getSession().chain(session -> session
                .createNativeQuery("""
                        INSERT INTO outbox_event (event_id, topic, record_key, payload, event_type, occurred_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, event.eventId())
                .setParameter(2, topic)
                .setParameter(3, event.recordKey())
                .setParameter(4, written.json())
                .setParameter(5, CloudEventHeaders.type(topic, written.type()))
                .setParameter(6, written.occurredAt() == null ? null : written.occurredAt().atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }
}
