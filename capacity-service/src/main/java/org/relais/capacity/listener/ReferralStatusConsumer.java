package org.relais.capacity.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.relais.capacity.service.AvailabilityService;
import org.relais.capacity.service.HeldPlaceService;
import org.relais.events.EventJson;
import org.relais.events.PoisonEventException;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.outbox.AppliedEvents;
import org.relais.outbox.ConsumerRetries;
import org.relais.outbox.Outbox;

/**
 * Lowers a facility's free count when a person arrives on a place held for a referral. Other statuses
 * do not change a count (a hold only reserves a place that is still empty); holds and their end are noted for who may
 * read a confidential facility's address ({@link HeldPlaceService}). A record that is not a valid
 * status event fails with {@link PoisonEventException} and goes to the dead-letter topic; any other failure (the
 * database away) is retried until the arrival is applied, however long that takes.
 */
@ApplicationScoped
public class ReferralStatusConsumer {

    private final AvailabilityService availability;
    private final HeldPlaceService heldPlaces;
    private final EventJson json;
    private final Outbox outbox;
    private final ConsumerRetries retries;
    private final AppliedEvents applied;

    public ReferralStatusConsumer(AvailabilityService availability, HeldPlaceService heldPlaces, EventJson json,
            Outbox outbox, ConsumerRetries retries, AppliedEvents applied) {
        this.availability = availability;
        this.heldPlaces = heldPlaces;
        this.json = json;
        this.outbox = outbox;
        this.retries = retries;
        this.applied = applied;
    }

    @Incoming("referral-status")
    @ActivateRequestContext
    public Uni<Void> consume(String record) {
        return Uni.createFrom().item(() -> json.read(record, ReferralStatusEvent.class))
                .chain(event -> heldPlace(event)
                        .chain(() -> event.status() == ReferralStatus.ARRIVED ? arrival(event) : Uni.createFrom().voidItem()))
                .invoke(() -> applied.count("referral-status", 1));
    }

    private Uni<Void> heldPlace(ReferralStatusEvent event) {
        if (!HeldPlaceService.concerns(event)) {
            return Uni.createFrom().voidItem();
        }
        return retries.untilApplied("held place of referral " + event.referralId(), () -> heldPlaces.apply(event))
                .replaceWithVoid();
    }

    private Uni<Void> arrival(ReferralStatusEvent event) {
        if (event.eventId() == null || event.referralId() == null || event.facilityId() == null) {
            return Uni.createFrom().failure(new PoisonEventException("arrival without eventId, referralId or facilityId"));
        }
        return retries.untilApplied("arrival event " + event.eventId() + " of referral " + event.referralId(),
                        () -> availability.recordArrival(event.eventId(), event.referralId(), event.facilityId()))
                .replaceWithVoid();
    }
}
