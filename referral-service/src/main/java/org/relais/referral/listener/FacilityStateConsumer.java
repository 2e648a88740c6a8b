package org.relais.referral.listener;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.PoisonEventException;
import org.relais.outbox.AppliedEvents;
import org.relais.outbox.ConsumerRetries;
import org.relais.referral.service.DailyHistory;
import org.relais.referral.service.FacilityViewUpdater;
import org.relais.referral.service.FacilityViewUpdater.Applied;
import org.relais.referral.service.HoldWithdrawal;
import org.relais.referral.service.WaitlistService;

/**
 * Facilities' states from capacity-service (compacted topic, replayed from the start by a new consumer
 * group), kept as referral-service's availability view, consumed in batches (what one poll returned): a batch is
 * applied in one transaction ({@link FacilityViewUpdater#applyAll}: only a facility's newest state reaches the view,
 * every state's counted arrivals stop counting), every record of the board is sampled for the daily record
 * ({@link DailyHistory}), holds still above a count are withdrawn per facility, and each waitlist that a freed place
 * may go to gets one pass for the whole batch instead of one per record. Applying is idempotent (versions, samples
 * keyed by the record), so a redelivered batch is harmless. Failures that are not poison are retried without limit
 * ({@link ConsumerRetries}), the whole batch again; the offsets are committed (the batch acknowledged) only once all of
 * it is done, so a crash in between brings the batch back.
 *
 * <p>Poison: SmallRye's dead-letter-queue strategy, given a failed (nacked) batch, dead-letters every record of it,
 * the valid ones too. So this consumer never fails the batch: each poison record is nacked alone (its own
 * {@link KafkaRecord}, which the strategy sends to the dead-letter topic, then counts as processed), and the batch is
 * acknowledged once the valid records are applied. A record the database refuses to store (a data exception, poison
 * too) fails the batch's transaction: the batch is then applied record by record, and only that record is nacked.
 */
@ApplicationScoped
public class FacilityStateConsumer {

    private final EventJson json;
    private final FacilityViewUpdater availability;
    private final HoldWithdrawal withdrawal;
    private final WaitlistService waitlist;
    private final ConsumerRetries retries;
    private final DailyHistory history;
    private final AppliedEvents appliedEvents;

    public FacilityStateConsumer(EventJson json, FacilityViewUpdater availability, HoldWithdrawal withdrawal,
            WaitlistService waitlist, ConsumerRetries retries, DailyHistory history, AppliedEvents appliedEvents) {
        this.history = history;
        this.json = json;
        this.availability = availability;
        this.withdrawal = withdrawal;
        this.waitlist = waitlist;
        this.retries = retries;
        this.appliedEvents = appliedEvents;
    }

    /** A valid record and its event. */
    private record Valid(KafkaRecord<String, String> record, FacilityStateEvent event) {
    }

    @Incoming("facility-state")
    @ActivateRequestContext
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Valid> valid = new ArrayList<>();
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                valid.add(new Valid(record, valid(json.read(record.getPayload(), FacilityStateEvent.class))));
            } catch (PoisonEventException poison) {
                deadLettered.add(ConsumerRetries.deadLetterAlone(record, poison));
            }
        }
        return Multi.createFrom().iterable(deadLettered)
                .onItem().transformToUniAndConcatenate(sent -> sent.replaceWith(Boolean.TRUE))
                .collect().last()
                .chain(() -> applied(valid))
                .chain(applied -> withdrawn(applied).chain(withdrawn -> waitlist.rematchAll(applied.stream()
                        .filter(a -> a.placesMayHaveFreed() || a.withdrawn() + withdrawn.getOrDefault(a.facilityId(), 0) > 0)
                        .map(Applied::arrondissement)
                        .toList())))
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                .invoke(() -> appliedEvents.count("facility-state", batch.getRecords().size()));
    }

    /**
     * The valid records applied, in one transaction; if one of them holds a value the database can never store, one by
     * one, that record going to the dead-letter topic alone.
     */
    private Uni<List<Applied>> applied(List<Valid> valid) {
        if (valid.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<FacilityStateEvent> events = valid.stream().map(Valid::event).toList();
        return applyAndSample("facility states (batch of " + events.size() + ")", events)
                .onFailure(PoisonEventException.class).recoverWithUni(() -> Multi.createFrom().iterable(valid)
                        .onItem().transformToUniAndConcatenate(one -> applyAndSample(
                                        "facility state of " + one.event().facilityId(), List.of(one.event()))
                                .onFailure(PoisonEventException.class).recoverWithUni(poison ->
                                        ConsumerRetries.deadLetterAlone(one.record(), poison).replaceWith(List.<Applied>of())))
                        .collect().asList()
                        .map(lists -> lists.stream().flatMap(List::stream).toList()));
    }

    private Uni<List<Applied>> applyAndSample(String what, List<FacilityStateEvent> events) {
        // The samples are keyed by the records themselves: sampling them again adds nothing.
        // A value the database can never store fails as poison (ConsumerRetries), not as a retry.
        return retries.untilApplied(what, () -> availability.applyAll(events).call(() -> history.sampleAll(events)));
    }

    /**
     * Holds still above a facility's count after its state was applied (placed while it was being applied) go back
     * too; each withdrawn referral waits again, or is declined. How many per facility.
     */
    private Uni<Map<String, Integer>> withdrawn(List<Applied> applied) {
        Map<String, Integer> withdrawn = new HashMap<>();
        return Multi.createFrom().iterable(applied.stream().filter(Applied::holdsAboveCount).toList())
                .onItem().transformToUniAndConcatenate(a -> retries.untilApplied("withdrawal of holds at facility " + a.facilityId(),
                                () -> withdrawal.withdrawExcessHolds(a.facilityId()))
                        .invoke(count -> withdrawn.put(a.facilityId(), count)))
                .collect().last()
                .replaceWith(withdrawn);
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
