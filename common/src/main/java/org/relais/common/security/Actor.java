package org.relais.common.security;

import java.util.Set;
import org.relais.common.problem.ProblemException;

/**
 * Who asked for a write, copied from the token before the transaction starts (services never reach into the
 * request scope inside a transaction): subject and role for the audit trail, and what the role is bound to
 * for the ownership checks that need the stored row (the referral's patrol, its facility).
 */
public record Actor(String subject, String role, Set<String> roles, String patrolId, Set<String> facilityIds) {

    public Actor {
        roles = Set.copyOf(roles);
        facilityIds = Set.copyOf(facilityIds);
    }

    /**
     * {@code role} is the most powerful role the token holds (what the audit trail records); the ownership checks
     * look at every role it holds, so a token that is both coordinator and operator still acts as the operator.
     */
    public static Actor of(Caller caller) {
        return new Actor(caller.subject(), caller.role(), caller.roles(), caller.patrolId().orElse(null), caller.facilityIds());
    }

    /** 403 unless this is a patrol token for {@code patrolId}. */
    public void requirePatrol(String patrolId) {
        if (!roles.contains(Roles.PATROL) || patrolId == null || !patrolId.equals(this.patrolId)) {
            throw ProblemException.forbidden("This token may not act for patrol " + patrolId + ".");
        }
    }

    /** 403 unless this operator's token names the facility (something with no facility belongs to no operator). */
    public void requireFacility(String facilityId) {
        if (!roles.contains(Roles.OPERATOR) || facilityId == null || !facilityIds.contains(facilityId)) {
            throw ProblemException.forbidden("This token may not act for facility " + facilityId + ".");
        }
    }
}
