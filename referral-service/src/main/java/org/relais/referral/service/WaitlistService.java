package org.relais.referral.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.relais.referral.config.WaitlistConfig;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.Reach;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;

/**
 * Offers places that may have freed up (availability went up, a hold expired, was declined, cancelled or withdrawn,
 * an arrival got counted, a new request left a place to the waitlist) to the waitlist that can reach them, most
 * urgent first, then oldest first, however deep the waitlist (it is read page by page). The board's arrondissements
 * share one waitlist (a place freed in the 18e may go to someone waiting in the 19e, each referral within its own
 * {@link Reach}); an area off the board keeps its own.
 *
 * <p>Safe on several instances: each waitlisted referral is taken in its own short transaction with
 * {@code FOR UPDATE SKIP LOCKED} (a referral another instance is matching is left to it) and holds through
 * the same conditional update as a new request, so places are never over-given. A pass stops as soon as the
 * waitlist's arrondissements offer no place at all. A pass can miss a place freed by another instance while it runs
 * (or a facility that just opened for the night, which sends no event): the periodic pass catches those.
 */
@ApplicationScoped
public class WaitlistService {

    private static final Logger LOG = Logger.getLogger(WaitlistService.class);

    /** What offering a place to one waitlisted referral came to. */
    enum Step { HELD, STILL_WAITING, TAKEN_ELSEWHERE, NO_PLACE_LEFT }

    private final ReferralRepository referrals;
    private final FacilityAvailabilityRepository facilities;
    private final ReferralLifecycle lifecycle;
    private final WaitlistConfig config;

    public WaitlistService(ReferralRepository referrals, FacilityAvailabilityRepository facilities,
            ReferralLifecycle lifecycle, WaitlistConfig config) {
        this.referrals = referrals;
        this.facilities = facilities;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    /**
     * Re-matches the waitlist that a place freed in this arrondissement may go to ({@link Reach#waitlistScope}), in
     * waitlist order, page by page while places remain. Never fails: a failed pass is logged, and the next trigger or
     * the periodic pass tries again (nothing is lost, the referrals stay WAITLISTED).
     */
    public Uni<Void> rematch(String arrondissement) {
        if (arrondissement == null) {
            return Uni.createFrom().voidItem();
        }
        return rematchScope(Reach.waitlistScope(arrondissement));
    }

    /**
     * Re-matches, once each, the waitlists that places freed in these arrondissements may go to (several arrondissements
     * share one waitlist: one pass for them).
     */
    public Uni<Void> rematchAll(Collection<String> arrondissements) {
        return Multi.createFrom().iterable(arrondissements.stream().filter(Objects::nonNull)
                        .map(Reach::waitlistScope).distinct().toList())
                .onItem().transformToUniAndConcatenate(this::rematchScope)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> rematchScope(List<String> arrondissements) {
        return rematchAfter(arrondissements, null)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("waitlist re-matching in %s failed, will retry: %s", arrondissements, failure.toString());
                    return null;
                });
    }

    /** Safety net for places freed without a trigger on this instance. */
    @Scheduled(every = "${relais.waitlist.rematch-interval:30s}", delayed = "${relais.waitlist.rematch-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> rematchEverywhere() {
        return Panache.withSession(referrals::arrondissementsToRematch)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(
                        list.stream().map(Reach::waitlistScope).distinct().toList()))
                .onItem().transformToUniAndConcatenate(this::rematchScope)
                .collect().last()
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("periodic waitlist pass failed, the next one retries: %s", failure.toString());
                    return null;
                });
    }

    /**
     * The page of the waitlist after {@code after} (keyset: no entry is skipped however deep the waitlist), then the
     * next one, until the waitlist's arrondissements offer no place or the waitlist ends.
     */
    private Uni<Void> rematchAfter(List<String> arrondissements, Referral after) {
        return Panache.withSession(() -> referrals.waitlist(arrondissements, after, config.batchSize()))
                .chain(page -> Multi.createFrom().iterable(page)
                        .onItem().transformToUniAndConcatenate(referral -> offerPlace(referral.id, arrondissements))
                        .select().first(step -> step != Step.NO_PLACE_LEFT)
                        .collect().with(Collectors.counting())
                        .chain(offered -> offered == page.size() && page.size() == config.batchSize()
                                ? rematchAfter(arrondissements, page.get(page.size() - 1))
                                : Uni.createFrom().voidItem()));
    }

    /** One waitlisted referral, in its own transaction. */
    private Uni<Step> offerPlace(String referralId, List<String> arrondissements) {
        return Panache.withTransaction(() -> referrals.lockWaiting(referralId)
                        .chain(referral -> referral == null
                                ? Uni.createFrom().item(Step.TAKEN_ELSEWHERE)
                                : lifecycle.tryHold(referral, Instant.now()).chain(held -> held
                                        ? Uni.createFrom().item(Step.HELD)
                                        : facilities.anyOffered(arrondissements)
                                                .map(any -> any ? Step.STILL_WAITING : Step.NO_PLACE_LEFT))));
    }
}
