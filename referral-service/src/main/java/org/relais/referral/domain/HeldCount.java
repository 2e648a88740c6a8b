package org.relais.referral.domain;

import java.time.Instant;

/**
 * A facility's held count right after a change, with the version that orders its FacilityHoldsEvent and the time
 * of the change by the database's clock (the same clock for every instance: a hold's expiry is counted from it).
 */
public record HeldCount(String facilityId, int held, long version, Instant at) {
}
