package org.relais.patrol.service;

import jakarta.validation.constraints.NotNull;
import org.relais.events.Gender;
import org.relais.events.Needs;

/** What the person needs from a place. Every flag is required: a missing "wheelchair" must not mean "no". */
public record NeedsInput(
        Gender gender,
        @NotNull Boolean couple,
        @NotNull Boolean pet,
        @NotNull Boolean wheelchair,
        @NotNull Boolean activeUse) {

    public Needs toNeeds() {
        return new Needs(gender, couple, pet, wheelchair, activeUse);
    }
}
