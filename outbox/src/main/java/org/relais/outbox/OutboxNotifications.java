package org.relais.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wakes the relay when any instance of this service commits an outbox row: the outbox table's trigger notifies the
 * channel {@code relais_outbox} at commit (V0_5), and this listener, one connection per instance, hears it. A lost
 * connection is opened again without end; meanwhile the relay's poll is the safety net.
 */
@ApplicationScoped
public class OutboxNotifications {

    static final String CHANNEL = "relais_outbox";
    private static final Logger LOG = Logger.getLogger(OutboxNotifications.class);
    private static final long RECONNECT_DELAY_MS = 1_000;

    private final Vertx vertx;
    private final OutboxRelay relay;
    private final PgConnectOptions options;
    private PgSubscriber subscriber;

    public OutboxNotifications(Vertx vertx, OutboxRelay relay,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.relay = relay;
        PgConnectOptions connect = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        user.ifPresent(connect::setUser);
        password.ifPresent(connect::setPassword);
        this.options = connect;
    }

    void onStart(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, options)
                // Forever, a second apart: the database may be away for minutes (an outage, a failover).
                .reconnectPolicy(attempts -> RECONNECT_DELAY_MS);
        subscriber.channel(CHANNEL).handler(payload -> relay.wake());
        subscriber.closeHandler(() -> LOG.debug("outbox notifications: connection closed"));
        connect();
    }

    private void connect() {
        subscriber.connect().subscribe().with(
                connected -> LOG.debug("outbox notifications: listening"),
                failure -> {
                    // The first connection is not covered by the reconnect policy: try again, the poll covers meanwhile.
                    LOG.warnf("outbox notifications: cannot listen yet (%s), retrying", failure.getClass().getSimpleName());
                    vertx.setTimer(RECONNECT_DELAY_MS, id -> {
                        if (subscriber != null && subscriber.closed()) {
                            connect();
                        }
                    });
                });
    }

    void onStop(@Observes ShutdownEvent event) {
        PgSubscriber s = subscriber;
        subscriber = null;
        if (s != null) {
            s.close().subscribe().with(done -> { }, failure -> { });
        }
    }
}
