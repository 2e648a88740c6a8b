package org.relais.bench.chaos;

import java.util.Map;

/**
 * One injected fault and how the platform came back: {@code downSeconds} the dependency was away,
 * {@code restartSeconds} the launcher took to bring it back, {@code readySeconds} from its return until every
 * service reported ready (NaN: not within the wait), {@code healthySeconds} until every check of every service
 * was UP (the Kafka channels too, which do not gate readiness), {@code consumedSeconds} from its return until
 * every consumer group had committed past everything produced before the return, which services reported
 * not-ready meanwhile, the longest a readiness probe waited for its answer meanwhile ({@code slowestProbeSeconds}), and
 * whether they were probed through a cluster's load balancer ({@code balanced}).
 */
public record Recovery(String fault, int round, double downSeconds, double restartSeconds, double readySeconds,
        double healthySeconds, double consumedSeconds, Map<String, Boolean> sawNotReady, double slowestProbeSeconds, boolean balanced,
        String error) {

    public static final double LIMIT_SECONDS = 10;
    /** Consumption may lag readiness by one periodic offset commit (5 s by default). */
    public static final double CONSUMED_LIMIT_SECONDS = LIMIT_SECONDS + 5;

    /**
     * Ready again within the limit. A cluster that stayed ready throughout behind its load balancer has nothing to come
     * back from: its figure is then only how long the probes' answers took on a loaded machine.
     */
    public boolean readyInTime() {
        return error == null && !Double.isNaN(readySeconds)
                && (readySeconds <= LIMIT_SECONDS || balanced && !sawNotReady.containsValue(true));
    }
}
