package org.relais.common.security;

import java.util.Set;
import org.relais.common.problem.ProblemException;

/**
 * Who asked for a write, copied from the token before the transaction starts (services never reach into the
 * request scope inside a transaction): subject and role for the audit trail, and what the role is bound to
 * for the ownership checks that need the stored row (the referral's patrol, its facility).
 */
public record Actor(String subject, String role, String patrolId, Set<String> facilityIds) {

    public Actor {
        facilityIds = Set.copyOf(facilityIds);
    }

    public static Actor of(Caller caller) {
        return new Actor(caller.subject(), caller.role(), caller.patrolId().orElse(null), caller.facilityIds());
    }

    /** 403 unless this is a patrol token for {@code patrolId}. */
    public void requirePatrol(String patrolId) {
        if (!Roles.PATROL.equals(role) || patrolId == null || !patrolId.equals(this.patrolId)) {
            throw ProblemException.forbidden("This token may not act for patrol " + patrolId + ".");
        }
    }

    /** 403 unless this operator's token names the facility (something with no facility belongs to no operator). */
    public void requireFacility(String facilityId) {
        if (!Roles.OPERATOR.equals(role) || facilityId == null || !facilityIds.contains(facilityId)) {
            throw ProblemException.forbidden("This token may not act for facility " + facilityId + ".");
        }
    }
}
