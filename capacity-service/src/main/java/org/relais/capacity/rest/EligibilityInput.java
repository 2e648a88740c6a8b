package org.relais.capacity.rest;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Set;
import org.relais.events.Eligibility;
import org.relais.events.Gender;

/**
 * Who the facility accepts. Every condition must be stated (all three genders for a mixed facility),
 * never assumed: eligibility decides where a person is sent at night.
 */
public record EligibilityInput(
        @NotEmpty Set<@NotNull Gender> genders,
        @NotNull Boolean couples,
        @NotNull Boolean pets,
        @NotNull Boolean activeUse,
        @NotNull Boolean wheelchair) {

    Eligibility toEligibility() {
        return new Eligibility(Set.copyOf(genders), couples, pets, activeUse, wheelchair);
    }
}
