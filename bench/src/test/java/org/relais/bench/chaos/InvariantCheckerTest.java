package org.relais.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class InvariantCheckerTest {

    private static final List<String> SHELTER = List.of("EMERGENCY_SHELTER");
    private static final Instant T0 = Instant.parse("2026-12-04T21:00:00Z");

    /** A run where everything went right: two updates, three referrals (one arrived, one waitlisted, one declined). */
    private static final class Fixture {
        final Ledger ledger = new Ledger();
        final Map<String, Observed.Count> capacity = new HashMap<>();
        final List<Observed.History> history = new ArrayList<>();
        final Map<String, Observed.GatewayFacility> gateway = new HashMap<>();
        final Map<String, Observed.PatrolReferral> patrol = new HashMap<>();
        final Map<String, Observed.ServiceReferral> referral = new HashMap<>();
        final Map<String, Observed.ReferralFacility> referralFacilities = new HashMap<>();
        final Map<String, String> gatewayReferrals = new HashMap<>();
        final Map<String, Long> arrived = new HashMap<>();
        long brokenChains;
        long deadLettered;
        final Map<String, Long> transitions = new HashMap<>();
        InvariantChecker.Samples samples = new InvariantChecker.Samples(100, 0, 0, 0);
        List<Recovery> recoveries = new ArrayList<>(List.of(
                new Recovery("kill -9 kafka", 1, 4.0, 2.1, 0.0, 5.5, 6.0, Map.of("gateway", true), 0.2, false, null)));

        Fixture() {
            // Operated facility: two acknowledged updates.
            ledger.put("op-1", answer(7), 30);
            ledger.put("op-1", answer(8), 25);
            history.add(report("op-1", 7, 30, 0));
            history.add(report("op-1", 8, 25, 10));
            capacity.put("op-1", new Observed.Count(25, 200, 8));
            gateway.put("op-1", new Observed.GatewayFacility(25, 0, 8));
            // Referral facility: baseline 2 places, one arrival (free 1), nothing held.
            ledger.baseline("ref-1", answer(3), 2);
            ledger.put("ref-1", answer(3), 2);
            history.add(report("ref-1", 3, 2, 0));
            history.add(arrival("ref-1", 4, 1, "r1", 20));
            capacity.put("ref-1", new Observed.Count(1, 200, 4));
            gateway.put("ref-1", new Observed.GatewayFacility(1, 1, 4));
            referralFacilities.put("ref-1", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 1, 1, 4, 1, 0));
            arrived.put("ref-1", 1L);
            referral("k1", "r1", "ARRIVED", false);
            referral("k2", "r2", "HELD", true);
            referral("k3", "r3", "DECLINED", false);
            ledger.arrival("r1", "ref-1");
            ledger.decline("r3");
        }

        static Observed.History report(String facility, long version, int free, int second) {
            Instant at = T0.plusSeconds(second);
            return new Observed.History(facility, version, free, null, null, at, at.plusMillis(5));
        }

        /** An arrival keeps the report time of the count it lowers. */
        Observed.History arrival(String facility, long version, int free, String referral, int second) {
            Instant reported = history.stream().filter(h -> h.facilityId().equals(facility)).reduce((a, b) -> b)
                    .map(Observed.History::reportedAt).orElse(null);
            return new Observed.History(facility, version, free, "ARRIVAL", referral, reported, T0.plusSeconds(second));
        }

        static String answer(long version) {
            return "{\"facilityId\":\"x\",\"free\":1,\"version\":" + version + "}";
        }

        void referral(String key, String id, String status, boolean counted) {
            ledger.referral(key, id);
            patrol.put(id, new Observed.PatrolReferral(id, key, status));
            referral.put(id, new Observed.ServiceReferral(id, status, "00951", SHELTER, "ref-1", counted, false));
            gatewayReferrals.put(id, status);
        }

        List<Check> check() {
            Observed seen = new Observed(capacity, history, gateway, patrol, referral, referralFacilities, brokenChains,
                    gatewayReferrals, arrived, Map.of("relais_capacity", 0L), deadLettered, transitions);
            return InvariantChecker.check(ledger, seen, samples, recoveries, true, 2.0);
        }
    }

    /** The names of the failed checks, as the tests of the cluster's checks compare them too. */
    static List<String> failures(List<Check> checks) {
        return checks.stream().filter(Check::failed).map(c -> c.name().trim()).collect(Collectors.toList());
    }

    @Test
    void aCleanRunPassesEveryInvariant() {
        List<Check> checks = new Fixture().check();
        assertEquals(List.of(), failures(checks), checks.toString());
        assertTrue(checks.stream().anyMatch(c -> c.name().startsWith("ready again after kill -9 kafka")
                && c.figure().contains("not ready meanwhile: gateway")));
    }

    @Test
    void anAcknowledgedUpdateMissingFromTheDatabaseIsLost() {
        Fixture f = new Fixture();
        f.ledger.put("op-1", Fixture.answer(9), 10);
        assertEquals(List.of("of which missing from capacity-service's history (lost)",
                "facilities whose gateway view misses an acknowledged update"), failures(f.check()));
    }

    @Test
    void anAnswerWithoutAVersionIsCheckedByValue() {
        Fixture f = new Fixture();
        f.ledger.put("op-1", "{\"free\":25}", 25);
        List<Check> checks = f.check();
        assertEquals(List.of(), failures(checks), checks.toString());
        f.ledger.put("op-1", "", 11);
        assertEquals(List.of("of which no history entry has that value (lost)"), failures(f.check()));
    }

    @Test
    void aGatewayBehindTheDatabaseIsCaught() {
        Fixture f = new Fixture();
        f.gateway.put("op-1", new Observed.GatewayFacility(30, 0, 7));
        assertEquals(List.of("facilities whose gateway view misses an acknowledged update",
                "facilities where the gateway's view differs from capacity-service"), failures(f.check()));
    }

    @Test
    void lostAndStuckReferrals() {
        Fixture f = new Fixture();
        f.ledger.referral("k4", "r4");
        f.gatewayReferrals.put("r4", "REQUESTED");
        f.patrol.put("r4", new Observed.PatrolReferral("r4", "k4", "REQUESTED"));
        assertEquals(List.of("never reached referral-service (lost)", "stuck (REQUESTED, or HELD past its expiry)"), failures(f.check()));
    }

    @Test
    void waitlistedWhileAPlaceIsOffered() {
        Fixture f = new Fixture();
        f.referralFacilities.put("ref-2", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 3, 0, 1, 0, 0));
        f.referral("k5", "r5", "WAITLISTED", false);
        assertEquals(List.of("WAITLISTED although a suitable place is offered"), failures(f.check()));
        // A place of another kind does not count.
        f.referralFacilities.put("ref-2", new Observed.ReferralFacility("00951", "REST_ROOM", true, 3, 0, 1, 0, 0));
        assertEquals(List.of(), failures(f.check()));
    }

    @Test
    void anArrivalAppliedTwiceOrNeverIsCaught() {
        Fixture twice = new Fixture();
        twice.history.add(twice.arrival("ref-1", 5, 0, "r1", 30));
        twice.capacity.put("ref-1", new Observed.Count(0, 200, 5));
        twice.gateway.put("ref-1", new Observed.GatewayFacility(0, 0, 5));
        twice.referralFacilities.put("ref-1", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 0, 0, 5, 0, 0));
        twice.referral("k2", "r2", "CANCELLED", false);
        // Each application took one place, so the count adds up: the duplicate itself is what fails.
        assertEquals(List.of("arrivals applied twice by capacity-service (duplicates)"), failures(twice.check()));

        Fixture never = new Fixture();
        never.history.removeIf(h -> "ARRIVAL".equals(h.causeType()));
        assertTrue(failures(never.check()).contains("not counted by capacity-service (free not lowered: lost)"));
    }

    @Test
    void overbookingDuplicatesAndSlowRecoveryFail() {
        Fixture f = new Fixture();
        f.samples = new InvariantChecker.Samples(100, 2, 5, 0);
        f.brokenChains = 1;
        f.ledger.referral("k1", "r-other");
        f.referralFacilities.put("ref-1", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 1, 2, 4, 1, 0));
        f.recoveries.add(new Recovery("restart postgresql", 1, 3, 1, 14.2, 14.5, 40.0, Map.of(), 0.2, false, null));
        f.recoveries.add(new Recovery("kill -9 gateway", 1, 3, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), 0.2, false, "restart gateway failed"));
        List<String> failed = failures(f.check());
        assertEquals(List.of("Idempotency-Key replays that made a second referral (duplicates)",
                "referrals whose steps in referral-service do not form one chain (a step applied twice or lost)",
                "facilities whose held counter differs from their counted holds",
                "samples with more HELD referrals than free places in referral-service (overbooking)",
                "facilities with held > free after quiescence (referral-service + gateway)",
                "ready again after restart postgresql (#1)",
                "ready again after kill -9 gateway (#1)"), failed);
        // The gateway's transient view, slow health (Kafka channels) and slow consumers are reported, not failed.
        assertEquals(3, f.check().stream().filter(c -> c.status() == Check.Status.WARN).count());
    }

    @Test
    void slowProbesOfAClusterThatStayedReadyAreNotASlowRecovery() {
        Map<String, Boolean> readyThroughout = Map.of("gateway", false, "capacity-service", false);
        // Behind the load balancer, never unready: 10.4 s is how long the probes' answers took, not a recovery.
        assertTrue(new Recovery("kill -9 capacity-service-2", 1, 41.5, 36.1, 10.4, 11.9, 30.0, readyThroughout, 0.2, true, null).readyInTime());
        // A cluster that did go unready gets the limit, and so does a single platform, ready throughout or not.
        assertFalse(new Recovery("kill -9 gateway-1", 1, 20, 16, 10.4, 11, 30, Map.of("gateway", true), 0.2, true, null).readyInTime());
        assertFalse(new Recovery("kill -9 kafka", 1, 20, 16, 10.4, 11, 30, readyThroughout, 0.2, false, null).readyInTime());
        assertFalse(new Recovery("kill -9 kafka-1", 1, 20, 16, Double.NaN, Double.NaN, 30, readyThroughout, 0.2, true, null).readyInTime());
    }

    @Test
    void anArrivalThatDoesNotTakeExactlyOnePlaceIsCaught() {
        Fixture f = new Fixture();
        f.history.removeIf(h -> h.arrival());
        f.history.add(f.arrival("ref-1", 4, 2, "r1", 20)); // recorded, but free not lowered
        f.capacity.put("ref-1", new Observed.Count(2, 200, 4));
        assertTrue(failures(f.check()).contains("facilities whose free disagrees with their reports and arrivals (lost or double-counted)"));
    }

    @Test
    void aLateReportAppliedAfterAnArrivalResurrectsAPlace() {
        Fixture f = new Fixture();
        // Reported as of second 15, stored after the arrival recorded at second 20: the consumed place came back.
        f.history.add(Fixture.report("ref-1", 5, 2, 15));
        f.capacity.put("ref-1", new Observed.Count(2, 200, 5));
        f.gateway.put("ref-1", new Observed.GatewayFacility(2, 1, 5));
        f.referralFacilities.put("ref-1", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 2, 1, 5, 1, 0));
        assertEquals(List.of("reports applied although older than a change already recorded (a place resurrected)"), failures(f.check()));
        // The same report as of second 25, after the arrival, is fine.
        f.history.removeIf(h -> h.version() == 5);
        f.history.add(Fixture.report("ref-1", 5, 2, 25));
        assertEquals(List.of(), failures(f.check()));
    }

    @Test
    void heldReferralsAboveTheCountAndDeadLettersFail() {
        Fixture f = new Fixture();
        f.referralFacilities.put("ref-1", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 1, 1, 4, 1, 2));
        f.deadLettered = 1;
        assertEquals(List.of("facilities with held > free after quiescence (referral-service + gateway)",
                "records sent to the dead-letter topic during the run (only poison may be; the load sends none)"), failures(f.check()));
    }
}
