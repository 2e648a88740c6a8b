package org.relais.common.security;

import java.util.Set;
import org.relais.tokens.Claims;

/** The four roles of Relais, as they appear in the token's {@code groups} claim (named once, in {@link Claims}). */
public final class Roles {

    /** A patrol team, bound to one patrol id (claim {@code patrol_id}). */
    public static final String PATROL = Claims.PATROL;
    /** A facility operator, bound to one or more facility ids (claim {@code facility_ids}). */
    public static final String OPERATOR = Claims.OPERATOR;
    /** Reads everything: capacity, referrals, indicators, audit. Writes nothing. */
    public static final String COORDINATOR = Claims.COORDINATOR;
    /** Manages facilities and their reporting settings. */
    public static final String ADMIN = Claims.ADMIN;

    /** Every role: what any signed-in person may read. */
    public static final Set<String> ANY_ROLE = Set.copyOf(Claims.ROLES);

    public static final String PATROL_CLAIM = Claims.PATROL_ID;
    public static final String FACILITIES_CLAIM = Claims.FACILITY_IDS;

    private Roles() {
    }
}
