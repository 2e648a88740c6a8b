package org.relais.referral.publishing;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.relais.events.EventJson;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.Topics;
import org.relais.outbox.Outbox;
import org.relais.outbox.republish.StateRepublication;
import org.relais.referral.domain.FacilityAvailabilityRepository;
import org.relais.referral.domain.HeldCount;

/**
 * At start, publishes again the held count of every facility whose current count {@code relais.facility-holds}
 * lacks (see {@link StateRepublication}), as capacity-service does with the facilities' states: the gateway would
 * otherwise show held places as offered until the next hold or release. The same version again changes nothing for
 * a consumer that has it.
 */
@Singleton
public class HoldsRepublisher extends StateRepublication {

    private static final long REPUBLISH_LOCK = 0x484F4C4453L;

    private final FacilityAvailabilityRepository facilities;
    private final ReferralEvents events;
    private final EventJson json;

    public HoldsRepublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            FacilityAvailabilityRepository facilities, ReferralEvents events, Outbox outbox, EventJson json) {
        super(kafka, outbox, Topics.FACILITY_HOLDS, REPUBLISH_LOCK);
        this.facilities = facilities;
        this.events = events;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        startInBackground();
    }

    @Override
    protected Uni<Integer> publishMissing(Map<String, Long> onTopic) {
        Instant now = Instant.now();
        // A facility never held (version 0) has nothing to say: held 0 is every consumer's default.
        return facilities.find("holdsVersion > 0").withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .chain(all -> Multi.createFrom().iterable(all)
                        .filter(f -> onTopic.getOrDefault(f.facilityId, -1L) < f.holdsVersion)
                        .onItem().transformToUniAndConcatenate(f -> events.holdsChanged(
                                new HeldCount(f.facilityId, f.held, f.holdsVersion, now)).replaceWith(f.facilityId))
                        .collect().with(Collectors.counting())
                        .map(Long::intValue));
    }

    @Override
    protected Long versionOf(String value) {
        return json.read(value, FacilityHoldsEvent.class).version();
    }
}
