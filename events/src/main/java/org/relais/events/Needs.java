package org.relais.events;

/** What a person needs from a place, as the patrol states it. No identity, only constraints. */
public record Needs(
        Gender gender,
        boolean couple,
        boolean pet,
        boolean wheelchair,
        boolean activeUse) {
}
