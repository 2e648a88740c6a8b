package org.relais.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The memory of verified tokens behind {@link RememberedTokens}: a token is answered from it within the time to live and
 * before its own expiry, verified again after either, told apart from every other token, and the memory stays bounded.
 */
class TokenCacheTest {

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Actor PATROL = new Actor("test-patrol", Roles.PATROL, Set.of(Roles.PATROL), "maraude-18-a",
            Set.of());

    private final MovableClock clock = new MovableClock();
    private final TokenCache<Actor> cache = new TokenCache<>(TTL, 3, clock);

    @Test
    void aTokenIsAnsweredFromMemoryWithinTheTimeToLive() {
        String key = TokenCache.key("token-a");
        cache.put(key, PATROL, clock.instant().plus(Duration.ofHours(1)));
        clock.move(TTL.minusSeconds(1));
        assertEquals(Optional.of(PATROL), cache.get(key));
        assertEquals(Optional.of(PATROL), cache.get(key), "and again");
    }

    @Test
    void aTokenIsVerifiedAgainOnceTheTimeToLiveIsOver() {
        String key = TokenCache.key("token-a");
        cache.put(key, PATROL, clock.instant().plus(Duration.ofHours(1)));
        clock.move(TTL);
        assertEquals(Optional.empty(), cache.get(key));
        assertEquals(0, cache.size(), "dropped");
    }

    @Test
    void aTokenIsVerifiedAgainOnceItExpires() {
        String key = TokenCache.key("token-a");
        cache.put(key, PATROL, clock.instant().plusSeconds(10));
        clock.move(Duration.ofSeconds(9));
        assertEquals(Optional.of(PATROL), cache.get(key));
        clock.move(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), cache.get(key), "expired, though the time to live is not over");
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        String key = TokenCache.key("token-a");
        cache.put(key, PATROL, clock.instant());
        assertEquals(0, cache.size());
    }

    @Test
    void noTimeToLiveRemembersNothing() {
        TokenCache<Actor> off = new TokenCache<>(Duration.ZERO, 3, clock);
        off.put(TokenCache.key("token-a"), PATROL, clock.instant().plus(Duration.ofHours(1)));
        assertEquals(0, off.size());
    }

    @Test
    void theKeyIsTheTokensDigest() {
        String key = TokenCache.key("token-a");
        assertEquals(key, TokenCache.key("token-a"));
        assertNotEquals(key, TokenCache.key("token-b"));
        assertNotEquals(key, TokenCache.key("token-a "));
        assertTrue(!key.contains("token-a") && key.length() == 44, "a Base64 SHA-256 digest: " + key);

        cache.put(key, PATROL, clock.instant().plus(Duration.ofHours(1)));
        assertEquals(Optional.empty(), cache.get(TokenCache.key("token-b")));
    }

    @Test
    void whenFullTheExpiredGoFirst() {
        cache.put(TokenCache.key("short"), PATROL, clock.instant().plusSeconds(5));
        cache.put(TokenCache.key("b"), PATROL, clock.instant().plus(Duration.ofHours(1)));
        cache.put(TokenCache.key("c"), PATROL, clock.instant().plus(Duration.ofHours(1)));
        clock.move(Duration.ofSeconds(5));

        cache.put(TokenCache.key("d"), PATROL, clock.instant().plus(Duration.ofHours(1)));

        assertEquals(3, cache.size());
        for (String kept : new String[] {"b", "c", "d"}) {
            assertEquals(Optional.of(PATROL), cache.get(TokenCache.key(kept)), kept);
        }
    }

    @Test
    void whenFullOfLiveTokensItStartsAfresh() {
        for (String token : new String[] {"a", "b", "c"}) {
            cache.put(TokenCache.key(token), PATROL, clock.instant().plus(Duration.ofHours(1)));
        }
        cache.put(TokenCache.key("a"), PATROL, clock.instant().plus(Duration.ofHours(1)));
        assertEquals(3, cache.size(), "a token seen again takes no more room");

        cache.put(TokenCache.key("d"), PATROL, clock.instant().plus(Duration.ofHours(1)));

        assertEquals(1, cache.size());
        assertEquals(Optional.of(PATROL), cache.get(TokenCache.key("d")));
        assertEquals(Optional.empty(), cache.get(TokenCache.key("a")));
    }

    /** A clock the test moves. */
}
