package org.relais.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * What {@link RememberedTokens} answers from memory: the verified token's principal and roles, only for the very token
 * verified, and never longer than its time to live, however often it is answered from memory.
 */
class RememberedTokensTest {

    private static final TokenCacheConfig CONFIG = new TokenCacheConfig() {
        @Override
        public Duration ttl() {
            return Duration.ofSeconds(60);
        }

        @Override
        public int maxEntries() {
            return 100;
        }
    };

    private final MovableClock clock = new MovableClock();
    private final RememberedTokens tokens = new RememberedTokens(CONFIG, new SimpleMeterRegistry(), clock);

    @Test
    void aVerifiedTokenIsAnsweredWithItsPrincipalAndRoles() {
        Jwt jwt = new Jwt("token-a", clock.instant().plusSeconds(3600));
        tokens.remember(verified(jwt, "token-a"));
        SecurityIdentity answer = answer("token-a");
        assertSame(jwt, answer.getPrincipal());
        assertEquals(Set.of(Roles.PATROL), answer.getRoles());
        assertEquals("token-a", answer.getCredential(AccessTokenCredential.class).getToken());
        assertNull(answer("token-b"), "another token goes on to quarkus-oidc");
    }

    @Test
    void onlyTheTokenTheRequestCarriedIsRemembered() {
        tokens.remember(verified(new Jwt("token-a", clock.instant().plusSeconds(3600)), "token-b"));
        assertNull(answer("token-a"));
        assertNull(answer("token-b"));
    }

    @Test
    void answersFromMemoryNeverExtendTheTimeToLive() {
        tokens.remember(verified(new Jwt("token-a", clock.instant().plusSeconds(3600)), "token-a"));
        clock.move(Duration.ofSeconds(59));
        tokens.remember(answer("token-a")); // as the augmentor does with every identity
        clock.move(Duration.ofSeconds(1));
        assertNull(answer("token-a"), "verified again after 60 s");
    }

    @Test
    void aTokenIsNotAnsweredPastItsExpiry() {
        tokens.remember(verified(new Jwt("token-a", clock.instant().plusSeconds(10)), "token-a"));
        clock.move(Duration.ofSeconds(10));
        assertNull(answer("token-a"));
    }

    private SecurityIdentity answer(String token) {
        return tokens.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), null)
                .await().indefinitely();
    }

    private static SecurityIdentity verified(Jwt jwt, String carried) {
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole(Roles.PATROL)
                .addCredential(new AccessTokenCredential(carried)).build();
    }

    /** A verified token's principal, as quarkus-oidc gives it: its claims, the raw token among them. */
    private record Jwt(String raw, Instant expiry) implements JsonWebToken {

        @Override
        public String getName() {
            return "test-patrol";
        }

        @Override
        public Set<String> getClaimNames() {
            return Map.of("raw_token", raw, "exp", expiry.getEpochSecond()).keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return (T) Map.<String, Object>of("raw_token", raw, "exp", expiry.getEpochSecond()).get(claimName);
        }
    }
}
