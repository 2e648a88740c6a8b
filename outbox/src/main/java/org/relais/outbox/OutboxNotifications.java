package org.relais.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wakes the relay when any instance of this service commits an outbox row: the outbox table's trigger notifies the
 * channel {@code relais_outbox} at commit (V0_5), and this listener, one connection per instance, hears it. A lost
 * connection is opened again without end; meanwhile the relay's poll is the safety net.
 */
@ApplicationScoped
public class OutboxNotifications {

    static final String CHANNEL = "relais_outbox";

    private final Vertx vertx;
    private final OutboxRelay relay;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private NotificationListener listener;

    public OutboxNotifications(Vertx vertx, OutboxRelay relay,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.relay = relay;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        // Listening again after a lost connection needs nothing more: the relay's poll covered meanwhile.
        listener = NotificationListener.listen(vertx, url, user, password, CHANNEL, payload -> relay.wake(), () -> { });
    }

    void onStop(@Observes ShutdownEvent event) {
        NotificationListener l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
    }
}
