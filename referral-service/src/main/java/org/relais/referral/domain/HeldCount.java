package org.relais.referral.domain;

/** A facility's held count right after a change, with the version that orders its FacilityHoldsEvent. */
public record HeldCount(String facilityId, int held, long version) {
}
