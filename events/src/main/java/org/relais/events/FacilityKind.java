package org.relais.events;

/** What a facility offers a person tonight. */
public enum FacilityKind {
    /** Emergency shelter bed ("hébergement d'urgence"). */
    EMERGENCY_SHELTER,
    /** Longer-stay reintegration place ("hébergement d'insertion", e.g. ASSORE, PHASE). */
    LONG_STAY_HOUSING,
    /** Rest room ("espace de repos"), some open at night. */
    REST_ROOM,
    /** Lower-risk consumption room ("salle de consommation à moindre risque"). */
    CONSUMPTION_ROOM
}
