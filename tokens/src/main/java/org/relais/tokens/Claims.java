package org.relais.tokens;

import java.util.List;

/**
 * What a Relais bearer token says, named once for its signer and for the services that read it
 * ({@code org.relais.common.security.Roles} and {@code org.relais.events.Ids} refer to these).
 */
public final class Claims {

    /** The roles, as they appear in the {@link #GROUPS} claim. */
    public static final String PATROL = "patrol";
    public static final String OPERATOR = "operator";
    public static final String COORDINATOR = "coordinator";
    public static final String ADMIN = "admin";
    public static final List<String> ROLES = List.of(PATROL, OPERATOR, COORDINATOR, ADMIN);

    public static final String GROUPS = "groups";
    /** The one patrol a patrol token acts for. */
    public static final String PATROL_ID = "patrol_id";
    /** The facilities an operator token reports for. */
    public static final String FACILITY_IDS = "facility_ids";

    /** Facility and patrol ids: short lowercase slugs, the same alphabet in every service, token and topic key. */
    public static final String ID_PATTERN = "^[a-z0-9][a-z0-9-]{1,63}$";
    /** A subject the launcher accepts for a token it signs. */
    public static final String SUBJECT_PATTERN = "^[A-Za-z0-9._@-]{1,64}$";

    private Claims() {
    }
}
