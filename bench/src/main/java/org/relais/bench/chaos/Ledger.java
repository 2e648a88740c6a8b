package org.relais.bench.chaos;

import java.time.Instant;
import org.relais.bench.http.JsonFields;
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

    /** An availability update answered 2xx with this version, and when the answer came. */
    public record Put(String facilityId, long version, int free, Instant answeredAt) {
    }

    /** An update answered 2xx whose body names no version: checked by value, and shown as it came. */
    public record Unreadable(String facilityId, int free, Instant answeredAt, int status, String answer) {
    }

    private final ConcurrentLinkedQueue<Put> puts = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Unreadable> unreadable = new ConcurrentLinkedQueue<>();
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
    /** Operators' reports sent late on purpose (as a phone's offline queue does), accepted, and refused as out of date (409). */
    final AtomicLong delayedReports = new AtomicLong();
    final AtomicLong delayedAccepted = new AtomicLong();
    final AtomicLong delayedRefused = new AtomicLong();
    /** Counts reported below the facility's active holds (people walked in), and those acknowledged. */
    final AtomicLong lowered = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    /** Refusals (4xx/5xx) per request and status, e.g. "POST cancel 409": most are expected (a referral already ended). */
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();

    /**
     * Every write answered while a window is open (a broker down): how many were answered 2xx, with a refusal the
     * request itself earned (4xx: a late report, a referral already ended), with a 5xx, and not at all (in time).
     */
    public static final class Window {
        final String name;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refusedAsAsked = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();

        Window(String name) {
            this.name = name;
        }

        public Window(String name, long accepted, long refusedAsAsked, long serverErrors, long unanswered) {
            this(name);
            this.accepted.set(accepted);
            this.refusedAsAsked.set(refusedAsAsked);
            this.serverErrors.set(serverErrors);
            this.unanswered.set(unanswered);
        }

        public String name() {
            return name;
        }

        public long accepted() {
            return accepted.get();
        }

        public long refusedAsAsked() {
            return refusedAsAsked.get();
        }

        public long serverErrors() {
            return serverErrors.get();
        }

        public long unanswered() {
            return unanswered.get();
        }
    }

    private volatile Window window;

    /** From now on, every write's answer counts in a window of this name too, until {@link #closeWindow()}. */
    public void openWindow(String name) {
        window = new Window(name);
    }

    public Window closeWindow() {
        Window w = window;
        window = null;
        return w;
    }

    /** A write's answer (status 0: none): counted in the open window, if any. */
    public void answered(int status) {
        Window w = window;
        if (w == null) {
            return;
        }
        if (status >= 200 && status < 300) {
            w.accepted.incrementAndGet();
        } else if (status >= 400 && status < 500) {
            w.refusedAsAsked.incrementAndGet();
        } else if (status == 0) {
            w.unanswered.incrementAndGet();
        } else {
            w.serverErrors.incrementAndGet();
        }
    }

    public void refused(String what, int status) {
        refused.incrementAndGet();
        refusals.computeIfAbsent(what + " " + status, k -> new AtomicLong()).incrementAndGet();
    }

    public Map<String, Long> refusals() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        refusals.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** An availability update answered 200 with this body. */
    public void put(String facilityId, String answer, int free) {
        put(facilityId, 200, answer, free);
    }

    /** An availability update answered with this 2xx status and body. */
    public void put(String facilityId, int status, String answer, int free) {
        long version = JsonFields.getLong(answer, "version", -1);
        if (version < 0) {
            unreadable.add(new Unreadable(facilityId, free, Instant.now(), status,
                    answer.length() > 300 ? answer.substring(0, 300) + "..." : answer));
        } else {
            puts.add(new Put(facilityId, version, free, Instant.now()));
        }
    }

    /** The count a referral facility was set to before the load (also an acknowledged update). */
    public void baseline(String facilityId, String answer, int free) {
        baselines.put(facilityId, new Put(facilityId, JsonFields.getLong(answer, "version", -1), free, Instant.now()));
        put(facilityId, answer, free);
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

    public List<Unreadable> unreadable() {
        return List.copyOf(unreadable);
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
