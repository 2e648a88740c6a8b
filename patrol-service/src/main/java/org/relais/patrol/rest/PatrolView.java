package org.relais.patrol.rest;

import org.relais.patrol.domain.Patrol;

public record PatrolView(String id, String name, String arrondissement) {

    public static PatrolView of(Patrol patrol) {
        return new PatrolView(patrol.id, patrol.name, patrol.arrondissement);
    }
}
