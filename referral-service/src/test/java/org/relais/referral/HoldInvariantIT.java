package org.relais.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityKind;
import org.relais.referral.domain.FacilityAvailability;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.HeldCount;
import org.relais.referral.support.RelaisKafka;
import org.relais.testing.TestTokenResource;

/**
 * The hold's conditional update alone, from many concurrent transactions on separate connections (as
 * several instances would run it): exactly as many holds succeed as there are free places, and none at a facility
 * that is no longer active.
 */
@QuarkusTest
@WithTestResource(TestTokenResource.class)
class HoldInvariantIT {

    @Inject
    FacilityAvailabilityRepository facilities;

    @Test
    void concurrentHoldsNeverExceedFree() throws Exception {
        String facilityId = RelaisKafka.freshId("invariant");
        int free = 20;
        int attempts = 200;
        onVertx(() -> Panache.withTransaction(() -> facilities.persist(facility(facilityId, free))));

        ExecutorService threads = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<HeldCount>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                Callable<Optional<HeldCount>> hold = () -> {
                    start.await();
                    return onVertx(() -> Panache.withTransaction(() -> facilities.hold(facilityId)));
                };
                results.add(threads.submit(hold));
            }
            start.countDown();
            List<HeldCount> granted = new ArrayList<>();
            for (Future<Optional<HeldCount>> result : results) {
                result.get().ifPresent(granted::add);
            }

            assertEquals(free, granted.size());
            // Each granted hold saw its own count and version: 1..20, no two alike.
            assertEquals(LongStream.rangeClosed(1, free).boxed().toList(),
                    granted.stream().map(HeldCount::version).sorted().toList());
            FacilityAvailability stored = onVertx(() -> Panache.withSession(() -> facilities.findById(facilityId)));
            assertEquals(free, stored.held);
            assertEquals(0, stored.offered());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void noPlaceIsHeldAtAnInactiveFacility() {
        String facilityId = RelaisKafka.freshId("inactive");
        FacilityAvailability closed = facility(facilityId, 5);
        closed.active = false;
        onVertx(() -> Panache.withTransaction(() -> facilities.persist(closed)));

        assertTrue(onVertx(() -> Panache.withTransaction(() -> facilities.hold(facilityId))).isEmpty());
    }

    /** Runs the work on a Vert.x context of its own (its own session and connection), waiting for it. */
    private static <T> T onVertx(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static FacilityAvailability facility(String id, int free) {
        FacilityAvailability facility = new FacilityAvailability();
        facility.facilityId = id;
        facility.kind = FacilityKind.EMERGENCY_SHELTER;
        facility.arrondissement = RelaisKafka.freshArrondissement();
        facility.openingHours = "[]";
        facility.eligibility = "{\"genders\":[],\"couples\":true,\"pets\":true,\"activeUse\":true,\"wheelchair\":true}";
        facility.reportingIntervalSeconds = 7200;
        facility.active = true;
        facility.free = free;
        facility.total = free;
        facility.updatedAt = Instant.now();
        facility.availabilityVersion = 1;
        facility.stateOccurredAt = Instant.now();
        return facility;
    }
}
