package org.relais.capacity.publishing;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.relais.capacity.domain.FacilityState;
import org.relais.events.FacilityStateEvent;
import org.relais.outbox.Outbox;

/**
 * Publishes the whole state of a facility after an accepted change, through the outbox: the event is
 * committed with the change or not at all, and keyed by facility id so its changes stay in order. A confidential
 * place is published without address and position (every path to the topic goes through here).
 */
@ApplicationScoped
public class FacilityStatePublisher {

    private final Outbox outbox;

    public FacilityStatePublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Must run inside the transaction that made the change. */
    public Uni<Void> publish(FacilityStateEvent.Type type, FacilityState state, FacilityStateEvent.Cause cause,
            Instant occurredAt) {
        return outbox.publish(new FacilityStateEvent(UUID.randomUUID(), FacilityStateEvent.SCHEMA_VERSION, type, occurredAt,
                state.facility().id(), state.facility().forTopics(), state.availability(), cause));
    }
}
