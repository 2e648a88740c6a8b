package org.relais.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * What every event on a Relais topic says of itself, so that one publisher ({@code Outbox.publish}) sends them all:
 * its id (consumers skip one they applied), its time, the topic it goes to and the record key that keeps its order
 * (every event of one facility, or of one referral, on one partition).
 */
public interface RelaisEvent {

    UUID eventId();

    Instant occurredAt();

    /** The topic it is published on, one of {@link Topics}. */
    @JsonIgnore
    String topic();

    /** The record key: the facility's or the referral's id. */
    @JsonIgnore
    String recordKey();
}
