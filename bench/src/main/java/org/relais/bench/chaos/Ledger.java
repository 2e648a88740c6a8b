package org.relais.bench.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every write the platform acknowledged with a 2xx during the chaos run: what must survive every crash.
 * Writes that got no answer (or an error) are counted but promise nothing.
 */
public final class Ledger {

    /** An availability update answered 2xx with this version. */
    public record Put(String facilityId, long version, int free) {
    }

    private final ConcurrentLinkedQueue<Put> puts = new ConcurrentLinkedQueue<>();
    /** Idempotency-Key -> referral id, for every referral POST answered 2xx. */
    private final Map<String, String> referrals = new ConcurrentHashMap<>();
    /** referral id -> its patrol (who may read and cancel it). */
    private final Map<String, String> patrolOf = new ConcurrentHashMap<>();
    /** Idempotency-Keys answered with two different ids (a replay that created a second referral). */
    private final Set<String> conflictingReplays = ConcurrentHashMap.newKeySet();
    /** referral id -> facility id, for every arrival answered 2xx. */
    private final Map<String, String> arrivals = new ConcurrentHashMap<>();
    private final Set<String> declines = ConcurrentHashMap.newKeySet();
    private final Set<String> cancels = ConcurrentHashMap.newKeySet();
    /** Facility id -> the (free, version) its referral baseline was set to at the start. */
    private final Map<String, Put> baselines = new ConcurrentHashMap<>();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    public void put(String facilityId, long version, int free) {
        puts.add(new Put(facilityId, version, free));
    }

    public void baseline(String facilityId, long version, int free) {
        baselines.put(facilityId, new Put(facilityId, version, free));
    }

    public void referral(String idempotencyKey, String id, String patrol) {
        patrolOf.put(id, patrol);
        referral(idempotencyKey, id);
    }

    public void referral(String idempotencyKey, String id) {
        String before = referrals.putIfAbsent(idempotencyKey, id);
        if (before != null && !before.equals(id)) {
            conflictingReplays.add(idempotencyKey);
        }
    }

    public void arrival(String referralId, String facilityId) {
        arrivals.put(referralId, facilityId);
    }

    public void decline(String referralId) {
        declines.add(referralId);
    }

    public void cancel(String referralId) {
        cancels.add(referralId);
    }

    public List<Put> puts() {
        return List.copyOf(puts);
    }

    public Map<String, String> referrals() {
        return Map.copyOf(referrals);
    }

    public Map<String, String> patrolOf() {
        return Map.copyOf(patrolOf);
    }

    public Set<String> conflictingReplays() {
        return Set.copyOf(conflictingReplays);
    }

    public Map<String, String> arrivals() {
        return Map.copyOf(arrivals);
    }

    public Set<String> declines() {
        return Set.copyOf(declines);
    }

    public Set<String> cancels() {
        return Set.copyOf(cancels);
    }

    public Map<String, Put> baselines() {
        return Map.copyOf(baselines);
    }
}
