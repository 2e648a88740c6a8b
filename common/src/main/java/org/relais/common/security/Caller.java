package org.relais.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified bearer token: subject, role, and what the role is bound to (a patrol
 * for {@code patrol}, facilities for {@code operator}). Resources use it for the ownership rules that a role
 * alone cannot express ("only its own patrol", "only its facilities").
 */
@RequestScoped
public class Caller {

    /** Most powerful first. */
    private static final String[] ALL = {Roles.ADMIN, Roles.COORDINATOR, Roles.OPERATOR, Roles.PATROL};

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String subject() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** The caller's Relais role (the first one it holds, most powerful first), or "anonymous". */
    public String role() {
        for (String role : ALL) {
            if (identity.hasRole(role)) {
                return role;
            }
        }
        return "anonymous";
    }

    /** Every Relais role the token holds. */
    public Set<String> roles() {
        Set<String> held = new LinkedHashSet<>();
        for (String role : ALL) {
            if (identity.hasRole(role)) {
                held.add(role);
            }
        }
        return held;
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    public Optional<String> patrolId() {
        return claim(Roles.PATROL_CLAIM).map(Object::toString).map(Caller::unquote);
    }

    public Set<String> facilityIds() {
        Set<String> ids = new LinkedHashSet<>();
        Object value = claim(Roles.FACILITIES_CLAIM).orElse(null);
        if (value instanceof JsonArray array) {
            array.forEach(v -> ids.add(v instanceof JsonString s ? s.getString() : unquote(v.toString())));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(v -> ids.add(unquote(String.valueOf(v))));
        } else if (value != null) {
            ids.add(unquote(value.toString()));
        }
        return ids;
    }

    /** A patrol may act only for its own patrol; coordinators may read any (callers decide reads vs writes). */
    public void requirePatrol(String patrolId, boolean coordinatorAllowed) {
        if (coordinatorAllowed && is(Roles.COORDINATOR)) {
            return;
        }
        Actor.of(this).requirePatrol(patrolId);
    }

    /** An operator may act only for the facilities its token names. */
    public void requireFacility(String facilityId) {
        Actor.of(this).requireFacility(facilityId);
    }

    private Optional<Object> claim(String name) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return Optional.ofNullable(jwt.getClaim(name));
        }
        return Optional.empty();
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
