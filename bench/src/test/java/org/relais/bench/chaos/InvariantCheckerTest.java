package org.relais.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class InvariantCheckerTest {

    private static final List<String> SHELTER = List.of("EMERGENCY_SHELTER");

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
        long repeatedTransitions;
        InvariantChecker.Samples samples = new InvariantChecker.Samples(100, 0, 0, 0);
        List<Recovery> recoveries = new ArrayList<>(List.of(
                new Recovery("kill -9 kafka", 1, 4.0, 2.1, 0.0, 5.5, 6.0, Map.of("gateway", true), null)));

        Fixture() {
            // Operated facility: two acknowledged updates.
            ledger.put("op-1", answer(7), 30);
            ledger.put("op-1", answer(8), 25);
            history.add(new Observed.History("op-1", 7, 30, null, null));
            history.add(new Observed.History("op-1", 8, 25, null, null));
            capacity.put("op-1", new Observed.Count(25, 200, 8));
            gateway.put("op-1", new Observed.GatewayFacility(25, 0, 8));
            // Referral facility: baseline 2 places, one arrival (free 1), nothing held.
            ledger.baseline("ref-1", answer(3), 2);
            ledger.put("ref-1", answer(3), 2);
            history.add(new Observed.History("ref-1", 3, 2, null, null));
            history.add(new Observed.History("ref-1", 4, 1, "ARRIVAL", "r1"));
            capacity.put("ref-1", new Observed.Count(1, 200, 4));
            gateway.put("ref-1", new Observed.GatewayFacility(1, 1, 4));
            referralFacilities.put("ref-1", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 1, 1, 4, 1));
            arrived.put("ref-1", 1L);
            referral("k1", "r1", "ARRIVED", false);
            referral("k2", "r2", "HELD", true);
            referral("k3", "r3", "DECLINED", false);
            ledger.arrival("r1", "ref-1");
            ledger.decline("r3");
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
            Observed seen = new Observed(capacity, history, gateway, patrol, referral, referralFacilities, repeatedTransitions,
                    gatewayReferrals, arrived, Map.of("relais_capacity", 0L));
            return InvariantChecker.check(ledger, seen, samples, recoveries, true, 2.0);
        }
    }

    private static List<String> failures(List<Check> checks) {
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
        f.referralFacilities.put("ref-2", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 3, 0, 1, 0));
        f.referral("k5", "r5", "WAITLISTED", false);
        assertEquals(List.of("WAITLISTED although a suitable place is offered"), failures(f.check()));
        // A place of another kind does not count.
        f.referralFacilities.put("ref-2", new Observed.ReferralFacility("00951", "REST_ROOM", true, 3, 0, 1, 0));
        assertEquals(List.of(), failures(f.check()));
    }

    @Test
    void anArrivalAppliedTwiceOrNeverIsCaught() {
        Fixture twice = new Fixture();
        twice.history.add(new Observed.History("ref-1", 5, 0, "ARRIVAL", "r1"));
        twice.capacity.put("ref-1", new Observed.Count(0, 200, 5));
        twice.gateway.put("ref-1", new Observed.GatewayFacility(0, 0, 5));
        twice.referralFacilities.put("ref-1", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 0, 0, 5, 0));
        twice.referral("k2", "r2", "CANCELLED", false);
        assertEquals(List.of("arrivals applied twice by capacity-service (duplicates)",
                "referral facilities whose free != baseline - arrivals (lost or double-counted)"), failures(twice.check()));

        Fixture never = new Fixture();
        never.history.removeIf(h -> "ARRIVAL".equals(h.causeType()));
        assertTrue(failures(never.check()).contains("not counted by capacity-service (free not lowered: lost)"));
    }

    @Test
    void overbookingDuplicatesAndSlowRecoveryFail() {
        Fixture f = new Fixture();
        f.samples = new InvariantChecker.Samples(100, 2, 5, 0);
        f.repeatedTransitions = 1;
        f.ledger.referral("k1", "r-other");
        f.referralFacilities.put("ref-1", new Observed.ReferralFacility("00951", "EMERGENCY_SHELTER", true, 1, 2, 4, 1));
        f.recoveries.add(new Recovery("restart postgresql", 1, 3, 1, 14.2, 14.5, 40.0, Map.of(), null));
        f.recoveries.add(new Recovery("kill -9 gateway", 1, 3, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), "restart gateway failed"));
        List<String> failed = failures(f.check());
        assertEquals(List.of("Idempotency-Key replays that made a second referral (duplicates)",
                "referral transitions recorded twice in referral-service (duplicates)",
                "facilities whose held counter differs from their counted holds",
                "samples with active holds > free in referral-service (overbooking)",
                "facilities with held > free after quiescence (referral-service + gateway)",
                "ready again after restart postgresql (#1)",
                "ready again after kill -9 gateway (#1)"), failed);
        // The gateway's transient view, slow health (Kafka channels) and slow consumers are reported, not failed.
        assertEquals(3, f.check().stream().filter(c -> c.status() == Check.Status.WARN).count());
    }
}
