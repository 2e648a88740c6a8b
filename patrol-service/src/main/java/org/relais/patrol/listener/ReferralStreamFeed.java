package org.relais.patrol.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.relais.events.EventJson;
import org.relais.events.PoisonEventException;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.patrol.domain.Referral;
import org.relais.patrol.domain.StatusTransitions;
import org.relais.patrol.service.ReferralService;
import org.relais.patrol.service.ReferralStream;
import org.relais.patrol.service.ReferralView;

/**
 * Feeds this instance's patrol streams. A patrol's stream may be open on any instance while the durable
 * consumer group spreads the status partitions over all of them, so each instance reads every status event
 * with a group of its own (a broadcast) and pushes the change to its local listeners. The view is the stored
 * referral with the event's transition applied, so it does not depend on the durable consumer (maybe on
 * another instance) having written it yet. A record that does not apply after the last status shown
 * ({@link StatusTransitions}: a duplicate from a producer's retry, say) is not shown: a patrol sees a HELD
 * referral go back to WAITLISTED only when referral-service withdrew the hold.
 */
@ApplicationScoped
public class ReferralStreamFeed {

    private static final Logger LOG = Logger.getLogger(ReferralStreamFeed.class);
    /** Referrals whose last shown status is remembered; older ones fall back to the stored status. */
    private static final int REMEMBERED = 10_000;

    private final ReferralService referrals;
    private final ReferralStream stream;
    private final EventJson json;
    /** Last status shown per referral, rebuilt from the topic as it is read (access-ordered, bounded). */
    private final Map<String, ReferralStatus> lastShown = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ReferralStatus> eldest) {
                    return size() > REMEMBERED;
                }
            });

    public ReferralStreamFeed(ReferralService referrals, ReferralStream stream, EventJson json) {
        this.referrals = referrals;
        this.stream = stream;
        this.json = json;
    }

    @Incoming("referral-stream")
    @ActivateRequestContext
    public Uni<Void> onStatus(String payload) {
        ReferralStatusEvent event;
        try {
            event = StatusEvents.read(json, payload);
        } catch (PoisonEventException e) {
            // The durable consumer dead-letters it; every instance doing so too would only add copies.
            LOG.debug("poison status record skipped by the stream feed");
            return Uni.createFrom().voidItem();
        }
        if (event.patrolId() != null && !stream.watched(event.patrolId())) {
            return Uni.createFrom().voidItem();
        }
        return referrals.findIfKnown(event.referralId())
                .invoke(referral -> {
                    if (referral != null && stream.watched(referral.patrolId) && follows(referral, event)) {
                        lastShown.put(referral.id, event.status());
                        stream.publish(ReferralView.of(referral).after(event));
                    }
                })
                .replaceWithVoid();
    }

    private boolean follows(Referral referral, ReferralStatusEvent event) {
        ReferralStatus shown = lastShown.get(referral.id);
        if (shown != null) {
            return StatusTransitions.applies(shown, event);
        }
        // Not seen here yet: the stored status may already include this event (durable consumer ahead) or not.
        return referral.status == event.status() || StatusTransitions.applies(referral.status, event);
    }
}
