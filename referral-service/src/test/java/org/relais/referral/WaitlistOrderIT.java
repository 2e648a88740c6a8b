package org.relais.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relais.events.Eligibility;
import org.relais.events.Facility;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Needs;
import org.relais.events.ReferralStatus;
import org.relais.referral.config.WaitlistConfig;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.ReferralRepository;
import org.relais.referral.service.FacilityViewUpdater;
import org.relais.referral.service.RequestService;
import org.relais.referral.service.WaitlistService;
import org.relais.referral.support.InApp;
import org.relais.referral.support.RelaisKafka;
import org.relais.testing.TestTokenResource;

/** The waitlist is served in its order, whoever comes later and however deep it is. */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class WaitlistOrderIT {

    private static final Needs WITH_A_DOG = new Needs(null, false, true, false, false);
    private static final Eligibility NO_PETS = new Eligibility(Set.of(), true, false, true, true);

    @Inject
    FacilityViewUpdater availability;

    @Inject
    RequestService requests;

    @Inject
    WaitlistService waitlist;

    @Inject
    ReferralRepository referrals;

    @Inject
    WaitlistConfig config;

    @Inject
    Pool pool;

    /**
     * Places free up and new requests come in before any re-matching has run (one transaction here: the state and
     * the requests are applied together, so no re-matching pass can come in between). A new request never takes a
     * place someone waiting ahead of it could take: it gets the next suitable place, or waits behind them.
     */
    @Test
    void aNewRequestLeavesAPlaceToAReferralWaitingAheadOfIt() {
        String arrondissement = RelaisKafka.freshArrondissement();
        Facility near = RelaisKafka.shelter(RelaisKafka.freshId("near"), arrondissement, RelaisKafka.EVERYONE, 48.8900, 2.3500);
        Facility far = RelaisKafka.shelter(RelaisKafka.freshId("far-no-pets"), arrondissement, NO_PETS, 48.9000, 2.3800);
        FacilityStateEvent nearFull = RelaisKafka.state(near, 0, 2, 1, null);
        FacilityStateEvent farFull = RelaisKafka.state(far, 0, 2, 1, null);
        String urgent = RelaisKafka.freshId("urgent-since-21h");
        String first = RelaisKafka.freshId("newcomer");
        String second = RelaisKafka.freshId("newcomer");
        InApp.run(() -> availability.apply(nearFull));
        InApp.run(() -> availability.apply(farFull));
        // Urgent, with a dog (the far shelter refuses pets), waiting for an hour.
        InApp.run(() -> requests.request(RelaisKafka.request(urgent, arrondissement, Instant.now().minus(Duration.ofHours(1)),
                3, WITH_A_DOG, 48.8901, 2.3501)));
        assertEquals(ReferralStatus.WAITLISTED, status(urgent));

        InApp.run(() -> Panache.withTransaction(() -> availability.apply(RelaisKafka.recount(nearFull, 1, null))
                .chain(() -> availability.apply(RelaisKafka.recount(farFull, 1, null)))
                .chain(() -> requests.request(RelaisKafka.request(first, arrondissement, Instant.now(), 0,
                        RelaisKafka.NO_NEEDS, 48.8901, 2.3501)))
                .chain(() -> requests.request(RelaisKafka.request(second, arrondissement, Instant.now(), 0,
                        RelaisKafka.NO_NEEDS, 48.8901, 2.3501)))));

        // The first newcomer got the far shelter, not the nearer place the urgent referral can take; the second waits.
        assertEquals(ReferralStatus.HELD, status(first));
        assertEquals(far.id(), referral(first).facilityId);
        assertEquals(ReferralStatus.WAITLISTED, status(second));
        InApp.run(() -> waitlist.rematch(arrondissement));
        assertEquals(ReferralStatus.HELD, status(urgent));
        assertEquals(near.id(), referral(urgent).facilityId);
        assertEquals(ReferralStatus.WAITLISTED, status(second));
    }

    /** More referrals wait than one page holds, none of the first page fits the place that frees: the next one does. */
    @Test
    void aWaitlistDeeperThanOnePageIsServedPastIt() {
        String arrondissement = RelaisKafka.freshArrondissement();
        Facility noPets = RelaisKafka.shelter(RelaisKafka.freshId("no-pets"), arrondissement, NO_PETS, 48.89, 2.35);
        FacilityStateEvent full = RelaisKafka.state(noPets, 0, 1, 1, null);
        String last = RelaisKafka.freshId("last-in-line");
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        InApp.run(() -> availability.apply(full));
        // A full page of earlier referrals, all with a dog.
        pool.preparedQuery("""
                INSERT INTO referral (id, patrol_id, arrondissement, couple, pet, wheelchair, active_use, kinds, status,
                                      requested_at, updated_at, waitlist_expires_at)
                SELECT $1 || '-' || g, 'maraude-test', $2, false, true, false, false, ARRAY['EMERGENCY_SHELTER'],
                       'WAITLISTED', $3::timestamptz + g * interval '1 millisecond', now(), now() + interval '1 hour'
                FROM generate_series(1, $4) AS g""")
                .execute(Tuple.of(RelaisKafka.freshId("with-a-dog"), arrondissement, hourAgo.atOffset(ZoneOffset.UTC),
                        config.batchSize()))
                .await().indefinitely();
        try {
            InApp.run(() -> requests.request(RelaisKafka.request(last, arrondissement, hourAgo.plusSeconds(60))));
            assertEquals(ReferralStatus.WAITLISTED, status(last));

            InApp.run(() -> availability.apply(RelaisKafka.recount(full, 1, null)));
            InApp.run(() -> waitlist.rematch(arrondissement));
            assertEquals(ReferralStatus.HELD, status(last));
        } finally {
            pool.preparedQuery("DELETE FROM referral WHERE arrondissement = $1 AND pet AND status = 'WAITLISTED'")
                    .execute(Tuple.of(arrondissement)).await().indefinitely();
        }
    }

    private ReferralStatus status(String id) {
        return referral(id).status;
    }

    private Referral referral(String id) {
        return InApp.run(() -> Panache.withSession(() -> referrals.findById(id)));
    }
}
