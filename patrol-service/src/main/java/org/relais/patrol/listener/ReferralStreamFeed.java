package org.relais.patrol.listener;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.relais.events.EventJson;
import org.relais.outbox.NotificationListener;
import org.relais.patrol.service.ReferralChange;
import org.relais.patrol.service.ReferralStream;

/**
 * Feeds this instance's patrol streams with every change any instance commits: the status consumer's transaction
 * notifies {@link ReferralChange#CHANNEL} with the change as stored and numbered, and PostgreSQL delivers the notices
 * at commit, in commit order, to every instance's listener (one connection each). The streams thus show exactly what
 * is stored, in the order of their ids, whichever instance's durable consumer stored it (a broadcast read of the
 * status topic, as before, showed its own reading of each event: a lookup that failed dropped a change while the
 * stream went on). Notices are not kept while the connection is down: each time it listens again (the first time
 * included) every open stream is ended, and its client resumes from its last id, reading what it missed from the
 * database.
 */
@ApplicationScoped
public class ReferralStreamFeed {

    private static final Logger LOG = Logger.getLogger(ReferralStreamFeed.class);

    private final Vertx vertx;
    private final ReferralStream stream;
    private final EventJson json;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private NotificationListener listener;

    public ReferralStreamFeed(Vertx vertx, ReferralStream stream, EventJson json,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.stream = stream;
        this.json = json;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        listener = NotificationListener.listen(vertx, url, user, password, ReferralChange.CHANNEL, this::onChange,
                stream::endAll);
    }

    private void onChange(String payload) {
        ReferralChange change;
        try {
            change = json.read(payload, ReferralChange.class);
        } catch (RuntimeException e) {
            // Only this service notifies the channel: a notice it cannot read is a bug, and some stream missed it.
            LOG.warn("unreadable referral change notice: open streams end and resume");
            stream.endAll();
            return;
        }
        if (stream.watched(change.patrolId())) {
            stream.publish(change);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        NotificationListener l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
    }
}
