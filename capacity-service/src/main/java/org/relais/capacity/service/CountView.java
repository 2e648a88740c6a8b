package org.relais.capacity.service;

import java.time.Instant;
import org.relais.events.Availability;

/**
 * A facility's count as its REST view shows it. The referral ids of {@link Availability#recentArrivals()} stay
 * between the services (they reconcile holds with them); a reader of a facility has no use for them.
 */
public record CountView(int free, int total, Instant updatedAt, long version) {

    public static CountView of(Availability a) {
        return new CountView(a.free(), a.total(), a.updatedAt(), a.version());
    }
}
