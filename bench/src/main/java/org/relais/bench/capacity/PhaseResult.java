package org.relais.bench.capacity;

import java.util.Map;

import org.relais.bench.load.Latency;

/** What one capacity phase measured. {@code missed}: (update, subscriber) pairs never delivered; {@code lost}:
 * subscribers whose final view of a facility is older than its last acknowledged update. */
public record PhaseResult(
        String name,
        int facilities,
        int subscribers,
        double rate,
        double seconds,
        long sent,
        long acknowledged,
        long rejected,
        long failed,
        long expectedDeliveries,
        long deliveries,
        long missed,
        long lost,
        long droppedStreams,
        Latency put,
        Latency endToEnd,
        Latency propagation,
        Latency snapshot,
        Map<String, Long> errors) {

    /** Events per second the gateway fanned out to the bench's subscribers. */
    public double fanOutPerSecond() {
        return seconds <= 0 ? 0 : deliveries / seconds;
    }

    public boolean lossless() {
        return sent > 0 && acknowledged == sent && missed == 0 && lost == 0;
    }
}
