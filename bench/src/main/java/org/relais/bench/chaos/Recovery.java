package org.relais.bench.chaos;

import java.util.Map;

/**
 * One injected fault and how the platform came back: {@code downSeconds} the dependency was away,
 * {@code restartSeconds} the launcher took to bring it back, {@code readySeconds} from its return until every
 * service reported ready (NaN: not within the wait), and which services reported not-ready meanwhile.
 */
public record Recovery(String fault, int round, double downSeconds, double restartSeconds, double readySeconds,
        Map<String, Boolean> sawNotReady, String error) {

    public static final double LIMIT_SECONDS = 10;

    public boolean readyInTime() {
        return error == null && !Double.isNaN(readySeconds) && readySeconds <= LIMIT_SECONDS;
    }
}
