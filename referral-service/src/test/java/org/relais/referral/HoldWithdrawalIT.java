package org.relais.referral;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.relais.common.security.Actor;
import org.relais.common.security.Roles;
import org.relais.events.Availability;
import org.relais.events.DeclineReason;
import org.relais.events.Facility;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityStateEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;
import org.relais.referral.service.FacilityViewUpdater;
import org.relais.referral.service.HoldOutcomes;
import org.relais.referral.service.HoldWithdrawal;
import org.relais.referral.service.RequestService;
import org.relais.referral.support.As;
import org.relais.referral.support.InApp;
import org.relais.referral.support.RelaisKafka;
import org.relais.referral.support.StatusLog;
import org.relais.testing.TestTokenResource;
import org.relais.testing.kafka.EventProducer;
import org.relais.testing.kafka.TopicReader;

/**
 * A facility whose count falls below its holds, or that closes, gives the newest holds back: the patrols are told
 * live, the referrals wait again ahead of later requests (or are declined once their waitlist time is over), and an
 * arrived person's place is never taken back.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class HoldWithdrawalIT {

    @Inject
    FacilityViewUpdater availability;

    @Inject
    RequestService requests;

    @Inject
    HoldWithdrawal withdrawal;

    @Inject
    HoldOutcomes holds;

    @Inject
    ReferralRepository referrals;

    @Inject
    FacilityAvailabilityRepository facilities;

    @Test
    void holdsAboveALoweredCountGoBackToTheWaitlistNewestFirst() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("lowered"), arrondissement, 3, 3, 1);
        String facilityId = shelter.facilityId();
        FacilityStateEvent other = RelaisKafka.shelter(RelaisKafka.freshId("other"), arrondissement, 1, 1, 1);
        String arrived = RelaisKafka.freshId("arrived");
        String older = RelaisKafka.freshId("older");
        String newest = RelaisKafka.freshId("newest");

        try (EventProducer kafka = new EventProducer();
                StatusLog statuses = new StatusLog();
                TopicReader held = TopicReader.fromEnd(Topics.FACILITY_HOLDS)) {
            kafka.publish(shelter);
            kafka.flush();
            awaitKnown(facilityId);
            // One partition (the first one's key): held in this order.
            kafka.publish(RelaisKafka.request(arrived, arrondissement, Instant.now()));
            kafka.publish(arrived, RelaisKafka.request(older, arrondissement, Instant.now()));
            kafka.publish(arrived, RelaisKafka.request(newest, arrondissement, Instant.now()));
            kafka.flush();
            statuses.awaitSteps(newest, ReferralStatus.HELD);
            As.operator(facilityId).contentType(ContentType.JSON).body("{}").post("/api/referrals/{id}/arrival", arrived)
                    .then().statusCode(200);
            kafka.publish(other);
            kafka.flush();
            awaitKnown(other.facilityId());

            // Two people walked in unannounced: the operator reports 2 free while 3 are held (one consumed by the
            // arrival, not yet counted). The newest hold goes back, and is held at once at the other shelter.
            FacilityStateEvent report = RelaisKafka.recount(shelter, 2, null);
            kafka.publish(report);
            kafka.flush();
            statuses.awaitSteps(newest, ReferralStatus.HELD, ReferralStatus.WAITLISTED, ReferralStatus.HELD);
            List<ReferralStatusEvent> steps = statuses.of(newest);
            assertEquals(ReferralStatus.HELD, steps.get(1).previousStatus());
            assertEquals("PLACE_WITHDRAWN", steps.get(1).reason());
            assertEquals(facilityId, steps.get(1).facilityId());
            assertEquals(other.facilityId(), steps.get(2).facilityId());
            As.coordinator().queryParam("facilityId", facilityId).get("/api/holds").then()
                    .body("$", hasSize(1)).body("[0].referralId", is(older));
            await().atMost(RelaisKafka.PATIENCE).until(() -> lastHeld(held, facilityId) == 2);

            // The shelter closes: it keeps no HELD hold (nowhere else has a place: the referral waits), but the
            // arrived person's place stays counted until capacity-service counts the arrival.
            Facility closed = new Facility(facilityId, "Shelter " + facilityId, shelter.facility().kind(), arrondissement,
                    "1 rue de Test, Paris", 48.89, 2.35, List.of(), RelaisKafka.EVERYONE, Duration.ofHours(2), false);
            Availability count = report.availability();
            kafka.publish(RelaisKafka.state(closed,
                    new Availability(count.free(), count.total(), count.updatedAt(), count.version() + 1), null));
            kafka.flush();
            statuses.awaitSteps(older, ReferralStatus.HELD, ReferralStatus.WAITLISTED);
            assertEquals("PLACE_WITHDRAWN", statuses.latest(older).orElseThrow().reason());
            await().atMost(RelaisKafka.PATIENCE).until(() -> lastHeld(held, facilityId) == 1);
            assertEquals(List.of(ReferralStatus.HELD, ReferralStatus.ARRIVED), statuses.statuses(arrived));
            assertEquals(3, statuses.statuses(newest).size());
        }
    }

    @Test
    void aWithdrawnHoldWhoseWaitlistTimeIsOverIsDeclined() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("lowered"), arrondissement, 1, 1, 1);
        String referral = RelaisKafka.freshId("late");
        try (EventProducer kafka = new EventProducer(); StatusLog statuses = new StatusLog()) {
            kafka.publish(shelter);
            kafka.flush();
            awaitKnown(shelter.facilityId());
            // Asked 7 hours ago: the waitlist time (6 hours from the request) is over.
            kafka.publish(RelaisKafka.request(referral, arrondissement, Instant.now().minus(Duration.ofHours(7))));
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.HELD);

            kafka.publish(RelaisKafka.recount(shelter, 0, null));
            kafka.flush();
            statuses.awaitSteps(referral, ReferralStatus.HELD, ReferralStatus.DECLINED);
            ReferralStatusEvent declined = statuses.latest(referral).orElseThrow();
            assertEquals("NO_PLACE", declined.reason());
            assertEquals(shelter.facilityId(), declined.facilityId());
            As.coordinator().queryParam("facilityId", shelter.facilityId()).get("/api/holds").then().body("$", hasSize(0));
        }
    }

    /**
     * The lowered count and the withdrawals it calls for commit together: once the state is stored, no reader (a new
     * hold, the board, the next step after a crash) can meet the facility holding more than its count.
     */
    @Test
    void aLoweredCountIsStoredWithItsWithdrawals() {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("atomic"), arrondissement, 4, 4, 1);
        List<String> ids = heldEverywhere(shelter, arrondissement, 4);

        FacilityViewUpdater.Applied applied = InApp.run(() -> availability.apply(RelaisKafka.recount(shelter, 1, null)));

        assertEquals(3, applied.withdrawn());
        assertEquals(false, applied.holdsAboveCount());
        Map<String, ReferralStatus> after = statuses(ids);
        assertEquals(ids.subList(0, 1), ids.stream().filter(id -> after.get(id) == ReferralStatus.HELD).toList());
        assertEquals(1, InApp.run(() -> Panache.withSession(() -> facilities.findById(shelter.facilityId()))).held);
    }

    /**
     * Several instances at once, some applying the lowered count (a redelivered record), some withdrawing what is still
     * above it, while the operator declines the newest hold: each excess hold goes back exactly once, the oldest stay,
     * and nothing deadlocks (referral rows are locked before the facility row).
     */
    @Test
    void concurrentWithdrawalsGiveEachExcessHoldBackOnce() throws Exception {
        String arrondissement = RelaisKafka.freshArrondissement();
        FacilityStateEvent shelter = RelaisKafka.shelter(RelaisKafka.freshId("concurrent"), arrondissement, 6, 6, 1);
        String facilityId = shelter.facilityId();
        List<String> ids = heldEverywhere(shelter, arrondissement, 6);
        FacilityStateEvent lowered = RelaisKafka.recount(shelter, 2, null);

        Actor operator = new Actor("night-desk", Roles.OPERATOR, Set.of(Roles.OPERATOR), null, Set.of(facilityId));
        ExecutorService threads = Executors.newFixedThreadPool(5);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> withdrawn = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                boolean applies = i % 2 == 0;
                Callable<Integer> instance = () -> {
                    start.await();
                    return applies
                            ? InApp.run(() -> availability.apply(lowered)).withdrawn()
                            : InApp.run(() -> withdrawal.withdrawExcessHolds(facilityId));
                };
                withdrawn.add(threads.submit(instance));
            }
            Future<Boolean> decline = threads.submit(() -> {
                start.await();
                try {
                    InApp.run(() -> holds.decline(operator, ids.get(5), DeclineReason.SAFETY));
                    return true;
                } catch (RuntimeException alreadyWithdrawn) {
                    return false;
                }
            });
            start.countDown();
            int total = 0;
            for (Future<Integer> result : withdrawn) {
                total += result.get();
            }
            boolean declined = decline.get();
            // Nothing is left above the count for a later pass.
            assertEquals(0, InApp.run(() -> withdrawal.withdrawExcessHolds(facilityId)));

            Map<String, ReferralStatus> after = statuses(ids);
            assertEquals(declined ? 3 : 4, total);
            assertEquals(ids.subList(0, 2), ids.stream().filter(id -> after.get(id) == ReferralStatus.HELD).toList());
            assertEquals(declined ? ReferralStatus.DECLINED : ReferralStatus.WAITLISTED, after.get(ids.get(5)));
            assertEquals(List.of(ReferralStatus.WAITLISTED, ReferralStatus.WAITLISTED, ReferralStatus.WAITLISTED),
                    ids.subList(2, 5).stream().map(after::get).toList());
            assertEquals(2, InApp.run(() -> Panache.withSession(() -> facilities.findById(facilityId))).held);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The shelter known, then {@code count} requests a second apart, each held there (the only place around). */
    private List<String> heldEverywhere(FacilityStateEvent shelter, String arrondissement, int count) {
        Instant firstRequest = Instant.now().minusSeconds(60);
        List<String> ids = IntStream.range(0, count).mapToObj(i -> RelaisKafka.freshId("held-" + i)).toList();
        InApp.run(() -> availability.apply(shelter));
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Instant at = firstRequest.plusSeconds(i);
            InApp.run(() -> requests.request(RelaisKafka.request(id, arrondissement, at)));
        }
        assertEquals(Set.of(ReferralStatus.HELD), Set.copyOf(statuses(ids).values()));
        return ids;
    }

    private Map<String, ReferralStatus> statuses(List<String> ids) {
        List<Referral> rows = InApp.run(() -> Panache.withSession(() -> referrals.list("id in ?1", ids)));
        return rows.stream().collect(Collectors.toMap(r -> r.id, r -> r.status));
    }

    private static void awaitKnown(String facilityId) {
        await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                As.coordinator().queryParam("facilityId", facilityId).get("/api/holds").then().statusCode(200));
    }

    private static int lastHeld(TopicReader held, String facilityId) {
        List<FacilityHoldsEvent> counts = held.values(FacilityHoldsEvent.class).stream().filter(h -> h.facilityId().equals(facilityId)).toList();
        return counts.isEmpty() ? -1 : counts.get(counts.size() - 1).held();
    }
}
