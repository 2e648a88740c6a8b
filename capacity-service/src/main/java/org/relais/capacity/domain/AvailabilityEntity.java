package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.relais.events.Availability;

/**
 * The current count of one facility. Changed only while its row is locked (see
 * {@link AvailabilityRepository#lock}); {@code version} grows by one with every accepted change of the
 * facility, so consumers can order and deduplicate its state events.
 */
@Entity
@Table(name = "availability")
public class AvailabilityEntity extends PanacheEntityBase {

    @Id
    @Column(name = "facility_id")
    public String facilityId;

    public int free;

    public int total;

    /**
     * The latest moment an operator vouched for the count: a report (as of its moment) or a confirmation that it is
     * unchanged. Null until the first report (the count is then stale).
     */
    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * The operator's latest report, an actual count of everyone present. A confirmation does not move it: it vouches
     * for the count without counting again. Null until the first report.
     */
    @Column(name = "counted_at")
    public Instant countedAt;

    public long version;

    /**
     * The latest change of the count, whatever its cause: an operator's report (as of its moment), an arrival, a
     * new total. An operator's report of an earlier moment cannot know of that change and is refused. Null until
     * the first such change.
     */
    @Column(name = "changed_at")
    public Instant changedAt;

    /**
     * The latest referrals whose arrival was counted, newest last, at most {@link Availability#MAX_ARRIVALS_LISTED}.
     * A report keeps them: it counted those people inside too, so either way they are no longer a free place.
     */
    @Column(name = "recent_arrivals")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> recentArrivals = new ArrayList<>();

    /** A new facility has no place known to be free until its operator reports. */
    public static AvailabilityEntity initial(String facilityId, int total) {
        AvailabilityEntity availability = new AvailabilityEntity();
        availability.facilityId = facilityId;
        availability.free = 0;
        availability.total = total;
        availability.version = 1;
        return availability;
    }

    /** True when an operator's report as of {@code asOf} would repeat the stored one exactly. */
    public boolean repeats(int reportedFree, int reportedTotal, Instant asOf) {
        return asOf.equals(countedAt) && reportedFree == free && reportedTotal == total;
    }

    /** True when a report as of {@code asOf} describes a moment before the latest change: it would undo it. */
    public boolean precedesLatestChange(Instant asOf) {
        return changedAt != null && asOf.isBefore(changedAt);
    }

    /**
     * An operator's report as of {@code asOf} (not before {@link #changedAt}, see {@link #precedesLatestChange}).
     */
    public void report(int reportedFree, int reportedTotal, Instant asOf) {
        free = reportedFree;
        total = reportedTotal;
        updatedAt = asOf;
        countedAt = asOf;
        changedAt = asOf;
        version++;
    }

    /**
     * The operator confirms the count unchanged at {@code now}: it is no longer stale. Neither the count nor
     * {@link #changedAt} moves, so a report counted before this confirmation but delivered after it is still applied
     * (a confirmation never outranks a count), and neither does {@link #countedAt}, so the confirmation never passes
     * for a count of people who arrived meanwhile. The version grows: the state is new, and published.
     */
    public void confirm(Instant now) {
        updatedAt = latest(updatedAt, now);
        version++;
    }

    /**
     * A new total keeps the free count within it; the time of the last report does not move, but a report of an
     * earlier moment would now undo the new total.
     */
    public void resize(int newTotal, Instant now) {
        total = newTotal;
        free = Math.min(free, newTotal);
        changedAt = latest(changedAt, now);
        version++;
    }

    /**
     * A person arrived on the place held for {@code referralId}: one place less, never below zero (the count may
     * already be stale). A report of an earlier moment would put the place back, so it is refused from now on.
     */
    public void arrival(String referralId, Instant now) {
        free = Math.max(0, free - 1);
        changedAt = latest(changedAt, now);
        List<String> listed = new ArrayList<>(recentArrivals);
        listed.add(referralId);
        recentArrivals = new ArrayList<>(
                listed.subList(Math.max(0, listed.size() - Availability.MAX_ARRIVALS_LISTED), listed.size()));
        version++;
    }

    /** The description changed: the state is new even though the count is not. */
    public void touch() {
        version++;
    }

    public Availability toAvailability() {
        return new Availability(free, total, updatedAt, version, recentArrivals, countedAt);
    }

    private static Instant latest(Instant stored, Instant now) {
        return stored != null && stored.isAfter(now) ? stored : now;
    }
}
