package org.relais.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A facility's reported count: {@code free} unoccupied places (held places included: they are still
 * empty) out of {@code total}. {@code version} increases by one with every accepted change.
 *
 * <p>{@code updatedAt} is the latest moment an operator vouched for the count, by a report (as of its moment) or by
 * confirming it unchanged: staleness is measured from it. {@code countedAt} is the moment of the latest report, an
 * actual count that took in everyone present; a confirmation does not move it, so it never passes for a count of
 * people who arrived meanwhile. Null in states published before it existed: {@code updatedAt} was that moment then.
 *
 * <p>{@code recentArrivals} names the referrals whose arrival capacity-service has counted (newest last, at most
 * {@link #MAX_ARRIVALS_LISTED}): every later state of the facility repeats them, so a consumer that missed the
 * arrival's own state event (compacted away, consumed late) still learns that the person is no longer counted as a
 * free place, whether the arrival lowered {@code free} or a later report counted them inside.
 */
public record Availability(int free, int total, Instant updatedAt, long version, List<String> recentArrivals,
        Instant countedAt) {

    /** Arrivals named in one state: far more than one facility receives while a consumer may lag behind. */
    public static final int MAX_ARRIVALS_LISTED = 50;

    public Availability {
        recentArrivals = recentArrivals == null ? List.of() : List.copyOf(recentArrivals);
    }

    /** A state of the earlier shape: its {@code updatedAt} is the latest report's moment. */
    public Availability(int free, int total, Instant updatedAt, long version, List<String> recentArrivals) {
        this(free, total, updatedAt, version, recentArrivals, null);
    }

    public Availability(int free, int total, Instant updatedAt, long version) {
        this(free, total, updatedAt, version, List.of());
    }

    /**
     * The staleness rule, for every service and page: a count never reported, or vouched for longer ago than the
     * facility's reporting interval, is stale. A facility with no interval expects no report, so only a count never
     * reported is stale there.
     */
    public static boolean stale(Instant updatedAt, Duration reportingInterval, Instant now) {
        Instant overdue = overdueAfter(updatedAt, reportingInterval);
        return overdue != null && overdue.isBefore(now);
    }

    /**
     * The same rule as a moment: the count is stale at every moment after this one; {@link Instant#MIN} for a count
     * never reported (stale at any moment), null for a reported count of a facility with no interval (never stale).
     */
    public static Instant overdueAfter(Instant updatedAt, Duration reportingInterval) {
        if (updatedAt == null) {
            return Instant.MIN;
        }
        return reportingInterval == null ? null : updatedAt.plus(reportingInterval);
    }

    /** Places a patrol may still be offered: free places not already held for another patrol, never below zero. */
    public static int offered(int free, int held) {
        return Math.max(0, free - held);
    }

    /** The moment of the latest report (an actual count), for states of either shape. */
    public Instant lastCountedAt() {
        return countedAt != null ? countedAt : updatedAt;
    }
}
