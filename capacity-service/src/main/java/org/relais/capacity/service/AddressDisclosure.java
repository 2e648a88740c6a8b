package org.relais.capacity.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;
import org.relais.capacity.domain.HeldPlaceRepository;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;

/**
 * Who may read a confidential facility's address and position: coordinators and admins, its operators (the token's
 * facilities), and a patrol holding a place there right now. Every role a token holds counts. Everyone else reads the
 * arrondissement only.
 */
@ApplicationScoped
public class AddressDisclosure {

    private final HeldPlaceRepository heldPlaces;

    public AddressDisclosure(HeldPlaceRepository heldPlaces) {
        this.heldPlaces = heldPlaces;
    }

    @WithSession
    public Uni<AddressReader> readerFor(Caller caller) {
        if (caller.is(Roles.COORDINATOR) || caller.is(Roles.ADMIN)) {
            return Uni.createFrom().item(AddressReader.EVERY);
        }
        Set<String> entitled = new HashSet<>();
        if (caller.is(Roles.OPERATOR)) {
            entitled.addAll(caller.facilityIds());
        }
        Uni<Set<String>> held = caller.is(Roles.PATROL) && caller.patrolId().isPresent()
                ? heldPlaces.facilitiesHeldBy(caller.patrolId().get())
                : Uni.createFrom().item(Set.of());
        return held.map(facilities -> {
            entitled.addAll(facilities);
            return entitled::contains;
        });
    }
}
