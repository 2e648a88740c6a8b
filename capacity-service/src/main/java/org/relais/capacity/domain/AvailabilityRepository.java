package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.relais.common.persistence.InList;

@ApplicationScoped
public class AvailabilityRepository implements PanacheRepositoryBase<AvailabilityEntity, String> {

    /**
     * Loads a facility's count and locks its row until the transaction ends, so that concurrent writers
     * (on this or another instance) apply their changes one after the other on fresh state. Null when the
     * facility does not exist. Call it first in a transaction, before the row is otherwise loaded.
     */
    public Uni<AvailabilityEntity> lock(String facilityId) {
        return findById(facilityId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * {@link #lock} for several facilities at once, in one statement that locks the rows in facility id order: two
     * transactions that lock overlapping sets this way never wait for each other in a circle (no deadlock, on one
     * instance or several). Unknown ids are left out. Call it first in a transaction, like {@link #lock}.
     */
    public Uni<List<AvailabilityEntity>> lockAll(Collection<String> facilityIds) {
        List<Object> parameters = new ArrayList<>();
        return find("facilityId in " + InList.of(facilityIds, parameters) + " order by facilityId", parameters.toArray())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** The counts of a search's facilities: any number of them, and not a hot path, so one collection parameter. */
    public Uni<List<AvailabilityEntity>> of(Collection<String> facilityIds) {
        return facilityIds.isEmpty()
                ? Uni.createFrom().item(List.of())
                : list("facilityId in ?1", facilityIds);
    }
}
