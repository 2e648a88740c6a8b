package org.relais.events;

/**
 * Lifecycle of a referral. Mapping to FHIR {@code Task.status} is in {@link #fhirTaskStatus()}.
 * REQUESTED -> HELD | WAITLISTED; WAITLISTED -> HELD | CANCELLED | EXPIRED;
 * HELD -> ARRIVED | DECLINED | EXPIRED | CANCELLED | WAITLISTED. HELD -> WAITLISTED is a hold withdrawn because
 * the facility's count fell below its holds (or it closed): the person waits again, ahead of later requests.
 */
public enum ReferralStatus {
    REQUESTED("requested"),
    HELD("accepted"),
    WAITLISTED("on-hold"),
    ARRIVED("completed"),
    DECLINED("rejected"),
    EXPIRED("failed"),
    CANCELLED("cancelled");

    private final String fhirTaskStatus;

    ReferralStatus(String fhirTaskStatus) {
        this.fhirTaskStatus = fhirTaskStatus;
    }

    public String fhirTaskStatus() {
        return fhirTaskStatus;
    }

    public boolean isFinal() {
        return this == ARRIVED || this == DECLINED || this == EXPIRED || this == CANCELLED;
    }

    /** True when the lifecycle above allows going from this status to {@code next}. */
    public boolean canBecome(ReferralStatus next) {
        return switch (this) {
            case REQUESTED -> next == HELD || next == WAITLISTED;
            case WAITLISTED -> next == HELD || next == CANCELLED || next == EXPIRED;
            case HELD -> next == ARRIVED || next == DECLINED || next == EXPIRED || next == CANCELLED || next == WAITLISTED;
            default -> false;
        };
    }
}
