package org.relais.testing.security;

/**
 * The kinds of caller a rules table tries (the README's "Security and privacy"). Which ids a role's token is bound to
 * is the table's {@link Cast}.
 */
public enum Who {
    /** No Authorization header at all. */
    NO_TOKEN,
    /** A token of one of the roles, expired. */
    EXPIRED,
    /** A token of one of the roles, signed by a key the services do not trust. */
    BADLY_SIGNED,
    /** Something that is no token at all. */
    GARBAGE,
    /** A valid token without a Relais role. */
    NO_ROLE,
    /** The table's patrol. */
    PATROL,
    /** Another real patrol. */
    OTHER_PATROL,
    /** A patrol token bound to no patrol. */
    PATROL_WITHOUT_ID,
    /** An operator of the table's facility. */
    OPERATOR,
    /** An operator of another facility only. */
    FOREIGN_OPERATOR,
    COORDINATOR,
    ADMIN;

    /** Without a valid token: 401 wherever it calls. */
    public boolean unauthenticated() {
        return this == NO_TOKEN || this == EXPIRED || this == BADLY_SIGNED || this == GARBAGE;
    }
}
