package org.relais.gateway.proxy;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;

/**
 * Which service owns which public path: the one place to read or change it. Rules are tried in order; a
 * rule without methods takes any method. Paths the owner does not know get the owner's own 404/405.
 */
public final class RouteTable {

    /** {@code pathRegex} is matched against the whole path (no query string). */
    public record Rule(String pathRegex, Set<HttpMethod> methods, Upstream upstream) {
    }

    public static final List<Rule> RULES = List.of(
            new Rule("/api/facilities(/.*)?", Set.of(), Upstream.CAPACITY),
            new Rule("/api/patrols(/.*)?", Set.of(), Upstream.PATROL),
            // A facility confirms or declines a held place with referral-service, which owns holds...
            new Rule("/api/referrals/[^/]+/(arrival|decline)", Set.of(HttpMethod.POST), Upstream.REFERRAL),
            // ...while patrols create, read and cancel their referrals with patrol-service.
            new Rule("/api/referrals(/.*)?", Set.of(), Upstream.PATROL),
            new Rule("/api/holds(/.*)?", Set.of(), Upstream.REFERRAL),
            new Rule("/api/indicators(/.*)?", Set.of(), Upstream.REFERRAL));

    private RouteTable() {
    }
}
