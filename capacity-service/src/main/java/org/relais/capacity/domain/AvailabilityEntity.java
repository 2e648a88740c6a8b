package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
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

    /** The operator's last report; null until the first one (the count is then stale). */
    @Column(name = "updated_at")
    public Instant updatedAt;

    public long version;

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
        return asOf.equals(updatedAt) && reportedFree == free && reportedTotal == total;
    }

    public void report(int reportedFree, int reportedTotal, Instant asOf) {
        free = reportedFree;
        total = reportedTotal;
        updatedAt = asOf;
        version++;
    }

    /** A new total keeps the free count within it; the time of the last report does not move. */
    public void resize(int newTotal) {
        total = newTotal;
        free = Math.min(free, newTotal);
        version++;
    }

    /** A person arrived on a held place: one place less, never below zero (the count may already be stale). */
    public void arrival() {
        free = Math.max(0, free - 1);
        version++;
    }

    /** The description changed: the state is new even though the count is not. */
    public void touch() {
        version++;
    }

    public Availability toAvailability() {
        return new Availability(free, total, updatedAt, version);
    }
}
