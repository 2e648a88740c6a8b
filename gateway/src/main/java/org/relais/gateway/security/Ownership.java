package org.relais.gateway.security;

/** What in the path binds the request to the caller's token, checked for the role it names. */
public enum Ownership {
    /** Nothing in the path. */
    NONE,
    /** The path's {@code id} must be the token's {@code patrol_id} when the caller is a patrol. */
    PATROL,
    /**
     * The path's {@code id} must be one of the token's {@code facility_ids} when the caller is an operator (and not
     * an admin the rule also lets through).
     */
    FACILITY,
    /** The {@code facilityId} query parameter must be one of the token's {@code facility_ids} for an operator. */
    FACILITY_QUERY
}
