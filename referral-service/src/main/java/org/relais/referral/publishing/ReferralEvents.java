package org.relais.referral.publishing;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.outbox.Outbox;
import org.relais.referral.domain.HeldCount;
import org.relais.referral.domain.Referral;

/**
 * The events referral-service publishes, appended to the outbox inside the caller's transaction so they
 * exist if and only if the change commits; the commit wakes the relay.
 */
@ApplicationScoped
public class ReferralEvents {

    private final Outbox outbox;

    public ReferralEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * A lifecycle step of the referral (already in its new status), keyed by referral id; {@code distanceMeters} from the
     * request's position to the held place, for HELD (null otherwise, or when unknown).
     */
    public Uni<Void> statusChanged(Referral referral, ReferralStatus previous, Instant at, Integer distanceMeters) {
        ReferralStatusEvent event = new ReferralStatusEvent(UUID.randomUUID(), ReferralStatusEvent.SCHEMA_VERSION, onTheWire(at),
                referral.id, referral.patrolId, referral.status, previous, referral.facilityId,
                referral.status == ReferralStatus.HELD ? referral.holdExpiresAt : null,
                referral.reason, referral.requestedAt, referral.arrondissement,
                referral.status == ReferralStatus.HELD ? distanceMeters : null);
        return outbox.publish(event);
    }

    /** A facility's new held count, keyed by facility id (compacted topic: the latest count wins). */
    public Uni<Void> holdsChanged(HeldCount count) {
        FacilityHoldsEvent event = new FacilityHoldsEvent(UUID.randomUUID(), FacilityHoldsEvent.SCHEMA_VERSION, onTheWire(count.at()),
                count.facilityId(), count.held(), count.version());
        return outbox.publish(event);
    }

    /**
     * An event's time to the microsecond, PostgreSQL's precision: the outbox keeps it in a timestamptz column for the
     * record's ce_time header, which must say the same instant as the payload's occurredAt (a Java clock gives
     * nanoseconds, which the column would round away).
     */
    private static Instant onTheWire(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }
}
