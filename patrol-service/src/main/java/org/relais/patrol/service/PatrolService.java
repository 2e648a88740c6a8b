package org.relais.patrol.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.relais.common.problem.ProblemException;
import org.relais.patrol.domain.Patrol;
import org.relais.patrol.domain.PatrolRepository;

@ApplicationScoped
public class PatrolService {

    private final PatrolRepository patrols;

    public PatrolService(PatrolRepository patrols) {
        this.patrols = patrols;
    }

    @WithSession
    public Uni<List<Patrol>> list() {
        return patrols.listAllById();
    }

    @WithSession
    public Uni<Patrol> find(String id) {
        return patrols.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("No such patrol."));
    }
}
