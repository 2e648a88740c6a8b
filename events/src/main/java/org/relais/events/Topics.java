package org.relais.events;

/**
 * Every Kafka topic of Relais, with its key. Partition counts and cleanup policies: {@link TopicSettings}, which the
 * launcher (deploy/relais) mirrors when it creates them.
 */
public final class Topics {

    /** Compacted. Key: facility id. Value: {@link FacilityStateEvent}, the whole current state of one facility. */
    public static final String FACILITY_STATE = "relais.facility-state";

    /** Compacted. Key: facility id. Value: {@link FacilityHoldsEvent}, places currently held for patrols. */
    public static final String FACILITY_HOLDS = "relais.facility-holds";

    /** Key: referral id. Value: {@link ReferralRequestEvent} (a request, or a patrol's cancellation). */
    public static final String REFERRAL_REQUESTS = "relais.referral-requests";

    /** Key: referral id. Value: {@link ReferralStatusEvent}, one per lifecycle transition. */
    public static final String REFERRAL_STATUS = "relais.referral-status";

    /** Poison messages of any consumer, with the reason in the record headers. Key: as the original. */
    public static final String DEAD_LETTER = "relais.dead-letter";

    private Topics() {
    }
}
