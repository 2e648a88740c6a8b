package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class AvailabilityHistoryRepository implements PanacheRepositoryBase<AvailabilityHistoryEntry, Long> {

    /** The {@code limit} latest changes of a facility's count, newest first. */
    public Uni<List<AvailabilityHistoryEntry>> latest(String facilityId, int limit) {
        return find("facilityId", Sort.descending("version"), facilityId).page(0, limit).list();
    }
}
