package org.relais.bench.chaos;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the chaos run read back after quiescence: each owning database (read-only) and the gateway's view,
 * restricted to the chaos run's facilities and referrals.
 */
public record Observed(
        /** capacity-service: current count per facility. */
        Map<String, Count> capacity,
        /** capacity-service: every recorded change of the chaos facilities. */
        List<History> history,
        /** gateway /api/capacity view per facility. */
        Map<String, GatewayFacility> gateway,
        /** patrol-service: referral id -> row. */
        Map<String, PatrolReferral> patrol,
        /** referral-service: referral id -> row. */
        Map<String, ServiceReferral> referral,
        /** referral-service: its view of each facility. */
        Map<String, ReferralFacility> referralFacilities,
        /** referral-service: referrals whose recorded steps break their chain (a step not starting where the last ended). */
        long brokenChains,
        /** gateway GET /api/referrals/{id}: status per referral id (absent: not answered). */
        Map<String, String> gatewayReferrals,
        /** referral-service: referrals of this run ARRIVED, per facility. */
        Map<String, Long> arrivedByFacility,
        /** Events not yet relayed, per database. */
        Map<String, Long> outbox,
        /** Records sent to relais.dead-letter since the run started (-1: could not be read). */
        long deadLettered,
        /** referral-service: lifecycle steps of this run's referrals, per "FROM->TO[:reason]". */
        Map<String, Long> transitions) {

    public record Count(int free, int total, long version) {
    }

    /**
     * One recorded change: {@code reportedAt} is the operator's report time it carries (unchanged by an arrival),
     * {@code recordedAt} when capacity-service stored it.
     */
    public record History(String facilityId, long version, int free, String causeType, String causeReferralId, Instant reportedAt,
            Instant recordedAt) {

        public boolean arrival() {
            return "ARRIVAL".equals(causeType);
        }
    }

    public record GatewayFacility(int free, int held, long version) {
    }

    public record PatrolReferral(String id, String idempotencyKey, String status) {
    }

    public record ServiceReferral(String id, String status, String arrondissement, List<String> kinds, String facilityId, boolean holdCounted,
            boolean holdExpired) {
    }

    /** {@code countedHolds}: referrals whose hold counts in {@code held} (HELD, or arrived and not yet released); {@code heldReferrals}: HELD ones. */
    public record ReferralFacility(String arrondissement, String kind, boolean active, int free, int held, long version, long countedHolds,
            long heldReferrals) {
        public int offered() {
            return active ? org.relais.events.Availability.offered(free, held) : 0;
        }
    }
}
