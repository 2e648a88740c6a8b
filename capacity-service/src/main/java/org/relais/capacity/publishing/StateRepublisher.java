package org.relais.capacity.publishing;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relais.capacity.domain.AvailabilityEntity;
import org.relais.capacity.domain.AvailabilityRepository;
import org.relais.capacity.domain.FacilityRepository;
import org.relais.capacity.domain.FacilityState;
import org.relais.events.EventJson;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Topics;
import org.relais.outbox.Outbox;
import org.relais.outbox.republish.StateRepublication;

/**
 * At start, publishes again ({@link FacilityStateEvent.Type#STATE_REPUBLISHED}) every facility whose current state
 * {@code relais.facility-state} lacks or holds at an older version (see {@link StateRepublication}): the board lives
 * in that topic, and a facility that does not change would otherwise never reappear after the broker lost it.
 */
@Singleton
public class StateRepublisher extends StateRepublication {

    private static final long REPUBLISH_LOCK = 0x52455055424CL;

    private final FacilityRepository facilities;
    private final AvailabilityRepository availabilities;
    private final FacilityStatePublisher publisher;
    private final EventJson json;
    private final Clock clock;

    public StateRepublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, FacilityRepository facilities,
            AvailabilityRepository availabilities, FacilityStatePublisher publisher, Outbox outbox, EventJson json,
            Clock clock) {
        super(kafka, outbox, Topics.FACILITY_STATE, REPUBLISH_LOCK);
        this.facilities = facilities;
        this.availabilities = availabilities;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        startInBackground();
    }

    @Override
    protected Uni<Integer> publishMissing(Map<String, Long> onTopic) {
        Instant now = clock.instant();
        return availabilities.findAll().withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .chain(counts -> facilities.listAll().chain(all -> {
                    Map<String, AvailabilityEntity> byId = counts.stream()
                            .collect(Collectors.toMap(c -> c.facilityId, Function.identity()));
                    return Multi.createFrom().iterable(all)
                            .filter(facility -> byId.containsKey(facility.id))
                            .filter(facility -> onTopic.getOrDefault(facility.id, -1L) < byId.get(facility.id).version)
                            .onItem().transformToUniAndConcatenate(facility -> publisher.publish(
                                    FacilityStateEvent.Type.STATE_REPUBLISHED, FacilityState.of(facility, byId.get(facility.id)),
                                    null, now).replaceWith(facility.id))
                            .collect().with(Collectors.counting())
                            .map(Long::intValue);
                }));
    }

    /** The availability version a record carries; null for a record that is not a facility state. */
    @Override
    protected Long versionOf(String value) {
        FacilityStateEvent event = json.read(value, FacilityStateEvent.class);
        return event.availability() == null ? null : event.availability().version();
    }
}
