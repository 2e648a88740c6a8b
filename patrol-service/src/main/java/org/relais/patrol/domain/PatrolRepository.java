package org.relais.patrol.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class PatrolRepository implements PanacheRepositoryBase<Patrol, String> {

    public Uni<List<Patrol>> listAllById() {
        return listAll(Sort.by("id"));
    }
}
