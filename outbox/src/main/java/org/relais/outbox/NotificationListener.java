package org.relais.outbox;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One connection of this instance listening on a PostgreSQL notification channel, opened again without end while the
 * database is away (an outage, a failover). Notices sent while it is down are lost: {@code onListening} runs each time
 * it listens (the first time included), for the caller to make up for them.
 */
public final class NotificationListener {

    private static final Logger LOG = Logger.getLogger(NotificationListener.class);
    private static final long RECONNECT_DELAY_MS = 1_000;

    private final Vertx vertx;
    private final String channel;
    private volatile PgSubscriber subscriber;

    private NotificationListener(Vertx vertx, PgConnectOptions options, String channel, Consumer<String> onNotice,
            Runnable onListening) {
        this.vertx = vertx;
        this.channel = channel;
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(attempts -> RECONNECT_DELAY_MS);
        subscriber.channel(channel)
                .subscribeHandler(onListening)
                .handler(onNotice);
        subscriber.closeHandler(() -> LOG.debugf("%s notifications: connection closed", channel));
    }

    /**
     * Starts listening, with the service's datasource ({@code quarkus.datasource.reactive.url}, username, password).
     */
    public static NotificationListener listen(Vertx vertx, String url, Optional<String> user, Optional<String> password,
            String channel, Consumer<String> onNotice, Runnable onListening) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        NotificationListener listener = new NotificationListener(vertx, options, channel, onNotice, onListening);
        listener.connect();
        return listener;
    }

    private void connect() {
        PgSubscriber s = subscriber;
        if (s == null) {
            return;
        }
        s.connect().subscribe().with(
                connected -> LOG.debugf("%s notifications: listening", channel),
                failure -> {
                    // The first connection is not covered by the reconnect policy: try again.
                    LOG.warnf("%s notifications: cannot listen yet (%s), retrying", channel,
                            failure.getClass().getSimpleName());
                    vertx.setTimer(RECONNECT_DELAY_MS, id -> {
                        PgSubscriber current = subscriber;
                        if (current != null && current.closed()) {
                            connect();
                        }
                    });
                });
    }

    public void close() {
        PgSubscriber s = subscriber;
        subscriber = null;
        if (s != null) {
            s.close().subscribe().with(done -> { }, failure -> { });
        }
    }
}
