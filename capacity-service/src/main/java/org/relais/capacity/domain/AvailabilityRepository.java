package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;

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

    public Uni<List<AvailabilityEntity>> of(Collection<String> facilityIds) {
        return facilityIds.isEmpty()
                ? Uni.createFrom().item(List.of())
                : list("facilityId in ?1", facilityIds);
    }
}
