package org.relais.capacity.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import jakarta.enterprise.context.ApplicationScoped;
import org.relais.capacity.domain.HeldPlaceRepository;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;

/**
 * Follows which patrol holds a place where, from the referral statuses referral-service publishes, so that the patrol
 * holding a place at a confidential facility can read its address from this service: the address itself never
 * travels on a topic.
 */
@ApplicationScoped
public class HeldPlaceService {

    private final HeldPlaceRepository heldPlaces;

    public HeldPlaceService(HeldPlaceRepository heldPlaces) {
        this.heldPlaces = heldPlaces;
    }

    /** True when this status concerns a held place: a new hold, or a referral leaving HELD. */
    public static boolean concerns(ReferralStatusEvent event) {
        return event.referralId() != null
                && (event.status() == ReferralStatus.HELD || event.previousStatus() == ReferralStatus.HELD);
    }

    @WithTransaction
    public Uni<Void> apply(ReferralStatusEvent event) {
        if (event.status() == ReferralStatus.HELD && event.patrolId() != null && event.facilityId() != null) {
            return heldPlaces.held(event.referralId(), event.patrolId(), event.facilityId(), event.holdExpiresAt(),
                    event.occurredAt() != null ? event.occurredAt() : Instant.EPOCH);
        }
        return heldPlaces.released(event.referralId());
    }
}
