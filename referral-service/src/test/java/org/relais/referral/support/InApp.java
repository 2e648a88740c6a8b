package org.relais.referral.support;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Runs service code of the application under test as its consumers would: on a Vert.x context of its own. */
public final class InApp {

    private InApp() {
    }

    /** Runs the work on its own context (its own session and connection), waiting for it. */
    public static <T> T run(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}
