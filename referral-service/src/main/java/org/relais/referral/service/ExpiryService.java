package org.relais.referral.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.relais.events.ReferralStatus;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;

/**
 * Expires holds nobody came for (the place is offered again) and waitlist entries that waited too long.
 * Safe when every instance runs it at once: each referral is expired in its own transaction, locked with
 * {@code SKIP LOCKED} and re-checked, so one instance expires it and the others find nothing to do.
 */
@ApplicationScoped
public class ExpiryService {

    private static final Logger LOG = Logger.getLogger(ExpiryService.class);

    /** Referrals per pass and kind; the next pass takes the rest. */
    private static final int BATCH = 200;

    private final ReferralRepository referrals;
    private final ReferralLifecycle lifecycle;
    private final WaitlistService waitlist;
    /** Holds nobody came for, and waitlist entries that found no place in time: counted once they are committed. */
    private final Counter holdsExpired;
    private final Counter waitlistExpired;

    public ExpiryService(ReferralRepository referrals, ReferralLifecycle lifecycle, WaitlistService waitlist,
            MeterRegistry registry) {
        this.referrals = referrals;
        this.lifecycle = lifecycle;
        this.waitlist = waitlist;
        this.holdsExpired = Counter.builder("relais.holds.expired")
                .description("Held places that expired, nobody having come for them (the place is offered again)")
                .register(registry);
        this.waitlistExpired = Counter.builder("relais.waitlist.expired")
                .description("Waitlisted requests that found no place within the waitlist time")
                .register(registry);
    }

    @Scheduled(every = "${relais.expiry.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expire() {
        return expireAll(() -> referrals.expiredHolds(BATCH), referrals::lockExpiredHold, "hold expired", holdsExpired)
                // Each expired hold gave a place back: offer it to the waitlist of its arrondissement.
                .onItem().transformToMulti(arrondissements -> Multi.createFrom().iterable(arrondissements))
                .onItem().transformToUniAndConcatenate(waitlist::rematch)
                .collect().last()
                .chain(() -> expireAll(() -> referrals.expiredWaitlist(BATCH), referrals::lockExpiredWaitlisted,
                        "no place within the waitlist time", waitlistExpired))
                .replaceWithVoid()
                // Database away, say: what is due stays due, and the next pass takes it.
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("expiry pass failed, the next one retries: %s", failure.toString());
                    return null;
                });
    }

    /**
     * Expires each due referral in its own transaction; returns the arrondissements concerned, distinct. Whether a
     * referral is due is decided by the database's clock, in the query and again under the lock.
     */
    private Uni<List<String>> expireAll(Supplier<Uni<List<String>>> due, Function<String, Uni<Referral>> lockIfDue,
            String reason, Counter expired) {
        return Panache.withSession(due)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> Panache.withTransaction(() -> lockIfDue.apply(id)
                                .chain(referral -> referral == null
                                        ? Uni.createFrom().<String>nullItem()
                                        : lifecycle.end(referral, ReferralStatus.EXPIRED, reason, Instant.now())
                                                .replaceWith(referral.arrondissement)))
                        // After the commit: a rolled back expiry is not counted.
                        .invoke(arrondissement -> {
                            if (arrondissement != null) {
                                expired.increment();
                            }
                        }))
                // A referral another instance expired first yields null, which Mutiny drops here.
                .select().distinct()
                .collect().asList();
    }
}
