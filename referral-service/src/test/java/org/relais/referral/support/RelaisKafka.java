package org.relais.referral.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.relais.events.Availability;
import org.relais.events.Eligibility;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Needs;
import org.relais.events.ReferralRequestEvent;
import org.relais.testing.TestAreas;

/**
 * The facility states and patrols' requests capacity-service and patrol-service would publish, for the tests to
 * send to the real topics with EventProducer (which keys each as its service does).
 */
public final class RelaisKafka {

    /**
     * How long a test waits for the service to react. Generous: right after start, the consumer group is still
     * being assigned its partitions, and the machine may be busy with other builds.
     */
    public static final Duration PATIENCE = Duration.ofSeconds(90);
    public static final Needs NO_NEEDS = new Needs(null, false, false, false, false);

    private RelaisKafka() {
    }

    /** A fresh arrondissement code ({@link TestAreas}): no other test's facilities or referrals live there. */
    public static String freshArrondissement() {
        return TestAreas.next();
    }

    public static String freshId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static final Eligibility EVERYONE = new Eligibility(Set.of(), true, true, true, true);

    /** An always-open emergency shelter taking everyone, reported just now. */
    public static FacilityStateEvent shelter(String id, String arrondissement, int free, int total, long version) {
        return state(shelter(id, arrondissement, EVERYONE, 48.89, 2.35), free, total, version, null);
    }

    /** An always-open, active emergency shelter taking whom {@code eligibility} says, at this position. */
    public static Facility shelter(String id, String arrondissement, Eligibility eligibility, Double latitude, Double longitude) {
        return new Facility(id, "Shelter " + id, FacilityKind.EMERGENCY_SHELTER, arrondissement, "1 rue de Test, Paris",
                latitude, longitude, List.of(), eligibility, Duration.ofHours(2), true);
    }

    /** The facility reported just now. */
    public static FacilityStateEvent state(Facility facility, int free, int total, long version,
            FacilityStateEvent.Cause cause) {
        return state(facility, new Availability(free, total, Instant.now(), version), cause);
    }

    public static FacilityStateEvent state(Facility facility, Availability availability, FacilityStateEvent.Cause cause) {
        return new FacilityStateEvent(UUID.randomUUID(), FacilityStateEvent.SCHEMA_VERSION,
                cause == null ? FacilityStateEvent.Type.FACILITY_UPDATED : FacilityStateEvent.Type.AVAILABILITY_CHANGED,
                Instant.now(), facility.id(), facility, availability, cause);
    }

    /** The same facility, counted again (a newer version), optionally because of an arrival. */
    public static FacilityStateEvent recount(FacilityStateEvent previous, int free, String arrivedReferralId) {
        Availability before = previous.availability();
        return state(previous.facility(), free, before.total(), before.version() + 1,
                arrivedReferralId == null ? null
                        : new FacilityStateEvent.Cause(FacilityStateEvent.Cause.ARRIVAL, arrivedReferralId));
    }

    public static ReferralRequestEvent.Requested request(String referralId, String arrondissement, Instant requestedAt) {
        return request(referralId, arrondissement, requestedAt, null, NO_NEEDS, null, null);
    }

    /** A request for an emergency shelter, with urgency, needs and the patrol's position. */
    public static ReferralRequestEvent.Requested request(String referralId, String arrondissement, Instant requestedAt,
            Integer urgency, Needs needs, Double latitude, Double longitude) {
        return request(referralId, arrondissement, requestedAt, urgency, needs, latitude, longitude, false);
    }

    /** Likewise, kept to the requested arrondissement when {@code sameArrondissementOnly}. */
    public static ReferralRequestEvent.Requested request(String referralId, String arrondissement, Instant requestedAt,
            Integer urgency, Needs needs, Double latitude, Double longitude, boolean sameArrondissementOnly) {
        return new ReferralRequestEvent.Requested(UUID.randomUUID(), ReferralRequestEvent.SCHEMA_VERSION, requestedAt,
                referralId, "maraude-test", arrondissement, latitude, longitude, needs,
                List.of(FacilityKind.EMERGENCY_SHELTER), urgency, sameArrondissementOnly);
    }

    public static ReferralRequestEvent.CancelRequested cancel(String referralId) {
        return new ReferralRequestEvent.CancelRequested(UUID.randomUUID(), ReferralRequestEvent.SCHEMA_VERSION,
                Instant.now(), referralId, "maraude-test");
    }
}
