package org.relais.referral.domain;

import org.relais.events.FacilityKind;
import org.relais.events.Needs;

/**
 * What some waitlisted referral asks for: one of its accepted kinds, its needs and where it may be matched (no id:
 * only whether a place fits it).
 */
public record WaitingNeeds(FacilityKind kind, Needs needs, String arrondissement, Double latitude, Double longitude,
        boolean sameArrondissementOnly) {
}
