package org.relais.testing.security;

import java.time.Duration;
import org.relais.testing.TestTokens;

/**
 * Who plays each {@link Who} of a table: the patrol and the facility the table's paths are about, another patrol and
 * another facility, and the role an expired or badly signed token claims. Tokens are real and signed
 * ({@link TestTokens}), made when a caller is asked for.
 */
public record Cast(String patrol, String otherPatrol, String facility, String otherFacility, Who expiredAs,
        Who badlySignedAs) {

    /** Expired or badly signed tokens claim to be a coordinator's. */
    public static Cast of(String patrol, String otherPatrol, String facility, String otherFacility) {
        return new Cast(patrol, otherPatrol, facility, otherFacility, Who.COORDINATOR, Who.COORDINATOR);
    }

    /** The same cast, its expired tokens claiming to be {@code role}'s. */
    public Cast expiredAs(Who role) {
        return new Cast(patrol, otherPatrol, facility, otherFacility, role, badlySignedAs);
    }

    public Caller caller(Who who) {
        return new Caller(who.name(), token(who));
    }

    /** {@code role}'s token, expired: whatever a token claims, it is refused once expired. */
    public Caller expired(Who role) {
        return new Caller("expired " + name(role), signed(role).expired(Duration.ofMinutes(5)).sign());
    }

    /** {@code role}'s token, signed by a stranger's key. */
    public Caller badlySigned(Who role) {
        return new Caller("badly signed " + name(role), signed(role).signedByStranger().sign());
    }

    /** The bearer token of {@code who}; null for {@link Who#NO_TOKEN}. */
    public String token(Who who) {
        return switch (who) {
            case NO_TOKEN -> null;
            case EXPIRED -> expired(expiredAs).token();
            case BADLY_SIGNED -> badlySigned(badlySignedAs).token();
            case GARBAGE -> "not-a-jwt";
            case NO_ROLE -> TestTokens.token("visitor").sign();
            case OTHER_PATROL -> TestTokens.patrol(otherPatrol);
            case PATROL_WITHOUT_ID -> TestTokens.token("patrol").sign();
            case FOREIGN_OPERATOR -> TestTokens.operator(otherFacility);
            case PATROL, OPERATOR, COORDINATOR, ADMIN -> signed(who).sign();
        };
    }

    private TestTokens.Builder signed(Who role) {
        return switch (role) {
            case PATROL -> TestTokens.token("patrol").patrol(patrol);
            case OPERATOR -> TestTokens.token("operator").facilities(facility);
            case COORDINATOR -> TestTokens.token("coordinator");
            case ADMIN -> TestTokens.token("admin");
            default -> throw new IllegalArgumentException("not a role: " + role);
        };
    }

    private static String name(Who role) {
        return role.name().toLowerCase();
    }
}
