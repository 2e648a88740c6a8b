package org.relais.gateway.proxy;

import static org.relais.common.security.Roles.ANY_ROLE;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.relais.common.security.Roles;
import org.relais.gateway.security.Ownership;

/**
 * Which service owns which public path, and who may call it: the one place to read or change it. Rules are
 * tried in order; a rule without methods takes any method. Paths the owner does not know get the owner's own
 * 404/405. The gateway checks the role and the ownership visible in the path; the services check everything
 * again (the caller's token is forwarded), including what only they know (a referral's patrol, a body's patrolId).
 */
public final class RouteTable {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    /**
     * {@code pathRegex} is matched against the whole path (no query string); for an ownership rule its named
     * group {@code id} is the patrol or facility.
     */
    public record Rule(String pathRegex, Set<HttpMethod> methods, Upstream upstream, Set<String> roles, Ownership ownership) {

        public Rule(String pathRegex, Set<HttpMethod> methods, Upstream upstream, Set<String> roles) {
            this(pathRegex, methods, upstream, roles, Ownership.NONE);
        }

        public Pattern pattern() {
            return Pattern.compile(pathRegex);
        }
    }

    public static final List<Rule> RULES = List.of(
            new Rule("/api/facilities/(?<id>[^/]+)/availability", Set.of(HttpMethod.PUT), Upstream.CAPACITY,
                    Set.of(Roles.OPERATOR), Ownership.FACILITY),
            // "Unchanged, still accurate": the facility's operator, or an admin (any facility).
            new Rule("/api/facilities/(?<id>[^/]+)/availability/confirm", Set.of(HttpMethod.POST), Upstream.CAPACITY,
                    Set.of(Roles.OPERATOR, Roles.ADMIN), Ownership.FACILITY),
            new Rule("/api/facilities(/.*)?", READS, Upstream.CAPACITY, ANY_ROLE),
            // Registering and changing facilities (POST, PATCH) is the admin's.
            new Rule("/api/facilities(/.*)?", Set.of(), Upstream.CAPACITY, Set.of(Roles.ADMIN)),
            new Rule("/api/patrols/(?<id>[^/]+)/referrals(/stream)?", READS, Upstream.PATROL,
                    Set.of(Roles.PATROL, Roles.COORDINATOR), Ownership.PATROL),
            new Rule("/api/patrols(/.*)?", READS, Upstream.PATROL, ANY_ROLE),
            new Rule("/api/patrols(/.*)?", Set.of(), Upstream.PATROL, Set.of(Roles.ADMIN)),
            // A facility confirms or declines a held place with referral-service, which owns holds...
            new Rule("/api/referrals/[^/]+/(arrival|decline)", Set.of(HttpMethod.POST), Upstream.REFERRAL,
                    Set.of(Roles.OPERATOR)),
            // ...while patrols create, read and cancel their referrals with patrol-service.
            new Rule("/api/referrals(/[^/]+/cancel)?", Set.of(HttpMethod.POST), Upstream.PATROL, Set.of(Roles.PATROL)),
            new Rule("/api/referrals(/.*)?", Set.of(), Upstream.PATROL, Set.of(Roles.PATROL, Roles.COORDINATOR)),
            new Rule("/api/holds(/.*)?", Set.of(), Upstream.REFERRAL, Set.of(Roles.OPERATOR, Roles.COORDINATOR),
                    Ownership.FACILITY_QUERY),
            // Recomputing a past night of the daily record: a coordinator or an admin.
            new Rule("/api/indicators/daily/recompute", Set.of(HttpMethod.POST), Upstream.REFERRAL,
                    Set.of(Roles.COORDINATOR, Roles.ADMIN)),
            new Rule("/api/indicators(/.*)?", Set.of(), Upstream.REFERRAL, Set.of(Roles.COORDINATOR)),
            // FHIR R4 read API for health partners (referrals as Task, facilities as HealthcareService): read-only.
            new Rule("/api/fhir/(Task|HealthcareService)(/[^/]+)?", READS, Upstream.REFERRAL, Set.of(Roles.COORDINATOR)));

    private RouteTable() {
    }
}
