package org.relais.bench.referral;

import java.util.Map;

import org.relais.bench.load.Latency;

/** What the referral phase measured. {@code overbooked}: samples where a facility showed held > free or free < 0. */
public record ReferralResult(
        double rate,
        double seconds,
        int places,
        long sent,
        long accepted,
        long rejected,
        long failed,
        long held,
        long waitlisted,
        long heldAtEnd,
        double settleSeconds,
        long noOutcome,
        long samples,
        long overbooked,
        long holdsAboveFreeAtEnd,
        Latency post,
        Latency outcome,
        Map<String, Long> errors) {

    /** HELD expected: every place, or every request when there are fewer requests than places. */
    public long expectedHeld() {
        return Math.min(places, accepted);
    }
}
