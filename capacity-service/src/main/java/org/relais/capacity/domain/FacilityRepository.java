package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.relais.events.FacilityKind;

@ApplicationScoped
public class FacilityRepository implements PanacheRepositoryBase<FacilityEntity, String> {

    private static final Sort BY_PLACE = Sort.by("arrondissement").and("name").and("id");

    /** Facilities of one kind and/or arrondissement (null: any), by arrondissement then name. */
    public Uni<List<FacilityEntity>> search(FacilityKind kind, String arrondissement) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (kind != null) {
            conditions.add("kind = :kind");
            parameters.and("kind", kind);
        }
        if (arrondissement != null) {
            conditions.add("arrondissement = :arrondissement");
            parameters.and("arrondissement", arrondissement);
        }
        return conditions.isEmpty()
                ? findAll(BY_PLACE).list()
                : find(String.join(" and ", conditions), BY_PLACE, parameters).list();
    }
}
