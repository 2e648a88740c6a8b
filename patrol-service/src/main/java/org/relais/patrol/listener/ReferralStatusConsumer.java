package org.relais.patrol.listener;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.relais.events.EventJson;
import org.relais.events.PoisonEventException;
import org.relais.events.ReferralStatusEvent;
import org.relais.outbox.AppliedEvents;
import org.relais.outbox.ConsumerRetries;
import org.relais.patrol.service.ReferralService;

/**
 * Keeps each referral's current state from referral-service's status events. The topic is keyed by referral id; the
 * connector hands over the records of a poll as one batch (in each partition's order), applied in one transaction
 * that keeps a referral's events in order. Offsets are committed after that transaction (at-least-once: each record
 * is acked only then), and a redelivered event is skipped by its id.
 *
 * <p>Poison is nacked record by record, so the dead-letter topic gets it alone (nacking the batch would dead-letter
 * every record of it) while the valid records of the batch are applied.
 */
@ApplicationScoped
public class ReferralStatusConsumer {

    private static final Logger LOG = Logger.getLogger(ReferralStatusConsumer.class);
    /** Event ids named in a retry's log line; a batch may hold hundreds. */
    private static final int IDS_LOGGED = 10;

    private final ReferralService referrals;
    private final EventJson json;
    private final ConsumerRetries retries;
    private final AppliedEvents applied;

    public ReferralStatusConsumer(ReferralService referrals, EventJson json, ConsumerRetries retries, AppliedEvents applied) {
        this.referrals = referrals;
        this.json = json;
        this.retries = retries;
        this.applied = applied;
    }

    /** A record read as a status event. */
    private record Read(KafkaRecord<String, String> record, ReferralStatusEvent event) {
    }

    @Incoming("referral-status")
    @ActivateRequestContext
    public Uni<Void> onStatuses(KafkaRecordBatch<String, String> batch) {
        List<Read> valid = new ArrayList<>();
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                valid.add(new Read(record, StatusEvents.read(json, record.getPayload())));
            } catch (RuntimeException poison) {
                deadLetters.add(ConsumerRetries.deadLetterAlone(record, poison));
            }
        }
        LOG.debugf("status batch: %d records, %d poison", batch.getRecords().size(), deadLetters.size());
        List<Uni<Void>> work = new ArrayList<>(deadLetters);
        work.add(apply(valid));
        return Uni.join().all(work).andCollectFailures().replaceWithVoid()
                .invoke(() -> applied.count("referral-status", batch.getRecords().size()));
    }

    /**
     * The whole batch in one transaction. A database away for however long is waited out (the whole batch retried):
     * dead-lettering a valid event would leave the referral in a wrong state for good (a HELD never shown to the
     * patrol). Later records of the partitions wait.
     */
    private Uni<Void> apply(List<Read> valid) {
        if (valid.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ReferralStatusEvent> events = valid.stream().map(Read::event).toList();
        return retries.untilApplied(describe(events), () -> referrals.applyStatuses(events))
                .chain(() -> ackAll(valid))
                // A value PostgreSQL can never store (ConsumerRetries) fails the batch's transaction, whichever event
                // holds it: the batch is then applied one event per transaction, so that only that one is poison.
                .onFailure(PoisonEventException.class).recoverWithUni(unstorable -> oneByOne(valid));
    }

    private Uni<Void> oneByOne(List<Read> valid) {
        return Multi.createFrom().iterable(valid)
                .onItem().transformToUniAndConcatenate(read -> retries
                        .untilApplied(describe(List.of(read.event())), () -> referrals.applyStatuses(List.of(read.event())))
                        .chain(() -> Uni.createFrom().completionStage(read.record()::ack))
                        .onFailure(PoisonEventException.class).recoverWithUni(poison -> ConsumerRetries.deadLetterAlone(read.record(), poison)))
                .collect().last()
                .replaceWithVoid();
    }

    private static Uni<Void> ackAll(List<Read> applied) {
        return Uni.join().all(applied.stream()
                        .map(read -> Uni.createFrom().completionStage(read.record()::ack))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }


    /** Ids only, never personal data. */
    private static String describe(List<ReferralStatusEvent> events) {
        String ids = events.stream().limit(IDS_LOGGED)
                .map(event -> event.eventId() + " of referral " + event.referralId())
                .collect(Collectors.joining(", "));
        return events.size() == 1 ? "status event " + ids
                : events.size() + " status events (" + ids + (events.size() > IDS_LOGGED ? ", ..." : "") + ")";
    }
}
