package org.relais.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What tokens verified a moment ago said, by the token's SHA-256 digest (the token itself is never kept), each until the
 * token expires or the time to live ends, whichever comes first.
 */
public final class TokenCache<V> {

    private record Entry<V>(V value, Instant expiresAt) {

        boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    /** {@code clock}: the system's in use, a test's to move time. */
    public TokenCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The key of a raw token: its SHA-256 digest, Base64. */
    public static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** What is remembered for this key, unless its time is up (it is then dropped, to be verified again). */
    public Optional<V> get(String key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expired(clock.instant())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** Remembers what a token just verified says; the token expires at {@code tokenExpiry}. */
    public void put(String key, V value, Instant tokenExpiry) {
        Instant now = clock.instant();
        Entry<V> entry = new Entry<>(value, min(tokenExpiry, now.plus(ttl)));
        if (entry.expired(now)) {
            return;
        }
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            entries.values().removeIf(e -> e.expired(now));
            if (entries.size() >= maxEntries) {
                // Still full: start afresh rather than track usage. Memory stays bounded (give or take the puts of
                // other threads meanwhile), and the cost is one verification per active token.
                entries.clear();
            }
        }
        entries.put(key, entry);
    }

    int size() {
        return entries.size();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
