package org.relais.referral.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.relais.events.FacilityStateEvent;
import org.relais.outbox.EventJson;
import org.relais.outbox.Outbox;
import org.relais.outbox.PoisonEventException;
import org.relais.referral.service.AvailabilityService;
import org.relais.referral.service.WaitlistService;

/**
 * Facilities' states from capacity-service (compacted topic, replayed from the start by a new consumer
 * group), kept as referral-service's availability view. Applying is idempotent (versions), so a redelivery
 * is harmless. After a change, the facility's waitlist gets a chance at the place.
 */
@ApplicationScoped
public class FacilityStateConsumer {

    private final EventJson json;
    private final AvailabilityService availability;
    private final WaitlistService waitlist;
    private final Outbox outbox;

    public FacilityStateConsumer(EventJson json, AvailabilityService availability, WaitlistService waitlist, Outbox outbox) {
        this.json = json;
        this.availability = availability;
        this.waitlist = waitlist;
        this.outbox = outbox;
    }

    @Incoming("facility-state")
    @ActivateRequestContext
    public Uni<Void> consume(String payload) {
        return TransientFailures.retried(Uni.createFrom().item(() -> valid(json.read(payload, FacilityStateEvent.class)))
                        .chain(availability::apply))
                .invoke(outbox::wake)
                .chain(waitlist::rematch);
    }

    private static FacilityStateEvent valid(FacilityStateEvent event) {
        if (event.facilityId() == null || event.occurredAt() == null || event.facility() == null
                || event.facility().kind() == null || event.facility().arrondissement() == null
                || event.facility().reportingInterval() == null || event.facility().eligibility() == null
                || event.availability() == null) {
            throw new PoisonEventException("invalid FacilityStateEvent: facility, eligibility, availability or time missing");
        }
        return event;
    }
}
