package org.relais.patrol.support;

import java.time.Duration;

/** How long tests wait for something asynchronous: generous, since the machine may be busy; never asserted on. */
public final class Waits {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private Waits() {
    }
}
