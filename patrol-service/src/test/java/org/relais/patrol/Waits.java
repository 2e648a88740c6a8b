package org.relais.patrol;

import java.time.Duration;

/** How long tests wait for something asynchronous: generous, since the machine may be busy; never asserted on. */
final class Waits {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Waits() {
    }
}
