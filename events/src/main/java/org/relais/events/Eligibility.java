package org.relais.events;

import java.util.Set;

/**
 * Who a facility accepts. Explicit booleans, never "unknown": a facility that does not say it takes pets
 * does not take pets.
 */
public record Eligibility(
        Set<Gender> genders,
        boolean couples,
        boolean pets,
        boolean activeUse,
        boolean wheelchair) {

    /** True when a person with these needs may be placed here. */
    public boolean accepts(Needs needs) {
        if (needs == null) {
            return true;
        }
        if (needs.gender() != null && genders != null && !genders.isEmpty() && !genders.contains(needs.gender())) {
            return false;
        }
        return (!needs.couple() || couples)
                && (!needs.pet() || pets)
                && (!needs.activeUse() || activeUse)
                && (!needs.wheelchair() || wheelchair);
    }
}
