package org.relais.common.security;

import java.util.Set;

/** The four roles of Relais, as they appear in the token's {@code groups} claim. */
public final class Roles {

    /** A patrol team, bound to one patrol id (claim {@code patrol_id}). */
    public static final String PATROL = "patrol";
    /** A facility operator, bound to one or more facility ids (claim {@code facility_ids}). */
    public static final String OPERATOR = "operator";
    /** Reads everything: capacity, referrals, indicators, audit. Writes nothing. */
    public static final String COORDINATOR = "coordinator";
    /** Manages facilities and their reporting settings. */
    public static final String ADMIN = "admin";

    /** Every role: what any signed-in person may read. */
    public static final Set<String> ANY_ROLE = Set.of(PATROL, OPERATOR, COORDINATOR, ADMIN);

    public static final String PATROL_CLAIM = "patrol_id";
    public static final String FACILITIES_CLAIM = "facility_ids";

    private Roles() {
    }
}
