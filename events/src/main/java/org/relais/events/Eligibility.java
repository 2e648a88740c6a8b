package org.relais.events;

import java.util.EnumSet;
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

    /**
     * True when a person with these needs may be placed here. A person whose gender was not given is placed only
     * where every gender is welcome: a women-only shelter must never receive someone the patrol did not describe.
     */
    public boolean accepts(Needs needs) {
        Gender gender = needs == null ? null : needs.gender();
        if (gender == null ? !acceptsEveryGender() : !acceptsGender(gender)) {
            return false;
        }
        if (needs == null) {
            return true;
        }
        return (!needs.couple() || couples)
                && (!needs.pet() || pets)
                && (!needs.activeUse() || activeUse)
                && (!needs.wheelchair() || wheelchair);
    }

    /** No restriction (empty: the facility names none) or every gender named. */
    public boolean acceptsEveryGender() {
        return genders == null || genders.isEmpty() || genders.containsAll(EnumSet.allOf(Gender.class));
    }

    private boolean acceptsGender(Gender gender) {
        return genders == null || genders.isEmpty() || genders.contains(gender);
    }
}
