package org.relais.referral.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.PoisonEventException;
import org.relais.outbox.ConsumerRetries;
import org.relais.outbox.Outbox;
import org.relais.referral.service.DailyHistory;
import org.relais.referral.service.FacilityViewUpdater;
import org.relais.referral.service.FacilityViewUpdater.Applied;
import org.relais.referral.service.HoldWithdrawal;
import org.relais.referral.service.WaitlistService;

/**
 * Facilities' states from capacity-service (compacted topic, replayed from the start by a new consumer
 * group), kept as referral-service's availability view. Applying is idempotent (versions), so a redelivery
 * is harmless. Holds the facility can no longer honour are withdrawn with the state (one transaction), and the
 * facility's waitlist then gets a chance at any place. Board facilities' states are also sampled for the daily record
 * ({@link DailyHistory}). Failures that are not poison are retried without limit ({@link ConsumerRetries}); the
 * offset is committed only once all of it is done, so a crash in between brings the record back.
 */
@ApplicationScoped
public class FacilityStateConsumer {

    private final EventJson json;
    private final FacilityViewUpdater availability;
    private final HoldWithdrawal withdrawal;
    private final WaitlistService waitlist;
    private final Outbox outbox;
    private final ConsumerRetries retries;
    private final DailyHistory history;

    public FacilityStateConsumer(EventJson json, FacilityViewUpdater availability, HoldWithdrawal withdrawal,
            WaitlistService waitlist, Outbox outbox, ConsumerRetries retries, DailyHistory history) {
        this.history = history;
        this.json = json;
        this.availability = availability;
        this.withdrawal = withdrawal;
        this.waitlist = waitlist;
        this.outbox = outbox;
        this.retries = retries;
    }

    @Incoming("facility-state")
    @ActivateRequestContext
    public Uni<Void> consume(String payload) {
        return retries.<Applied>untilApplied("facility state",
                        () -> Uni.createFrom().item(() -> valid(json.read(payload, FacilityStateEvent.class)))
                                // The sample is keyed by the record itself: applying it again adds nothing.
                                .chain(event -> availability.apply(event).call(() -> history.sample(event))))
                .chain(applied -> withdrawn(applied)
                        .chain(withdrawn -> waitlist.rematch(applied.placesMayHaveFreed() || applied.withdrawn() + withdrawn > 0
                                ? applied.arrondissement() : null)));
    }

    /**
     * Holds still above the facility's count after the state was applied (placed while it was being applied) go back
     * too; each withdrawn referral waits again, or is declined.
     */
    private Uni<Integer> withdrawn(Applied applied) {
        return applied.holdsAboveCount()
                ? retries.untilApplied("withdrawal of holds at facility " + applied.facilityId(),
                        () -> withdrawal.withdrawExcessHolds(applied.facilityId()))
                : Uni.createFrom().item(0);
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
