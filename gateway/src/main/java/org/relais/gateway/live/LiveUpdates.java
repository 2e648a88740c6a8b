package org.relais.gateway.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one hot stream of board changes that every capacity subscriber listens to. Each change is rendered
 * to bytes once here, on the thread that applied it; subscribers only queue a reference, so a slow reader
 * never slows the Kafka replay or other readers. Also re-checks the clock-dependent flags (stale, open
 * now, open tonight) and publishes facilities whose flags flipped with no new event.
 */
@ApplicationScoped
public class LiveUpdates {

    private final BroadcastProcessor<LiveChange> processor = BroadcastProcessor.create();
    private final Multi<LiveChange> changes;
    private final AtomicInteger subscribers = new AtomicInteger();
    /** The clock-dependent flags last published per facility. */
    private final ConcurrentHashMap<String, Flags> published = new ConcurrentHashMap<>();
    private final LiveView view;
    private final ObjectMapper mapper;

    private record Flags(boolean stale, boolean openNow, boolean openTonight) {
        static Flags of(FacilityLive live) {
            return new Flags(live.stale(), live.openNow(), live.openTonight());
        }
    }

    public LiveUpdates(LiveView view, ObjectMapper mapper) {
        this.view = view;
        this.mapper = mapper;
        this.changes = processor
                .onSubscription().invoke(subscribers::incrementAndGet)
                .onTermination().invoke(subscribers::decrementAndGet);
    }

    /** Changes from the moment of subscription on (hot): take a snapshot after subscribing, not before. */
    public Multi<LiveChange> changes() {
        return changes;
    }

    public int subscribers() {
        return subscribers.get();
    }

    /**
     * Publishes a facility's current state. Reads the view again under the lock rather than trusting the
     * change, so that this and {@link #reevaluate()} can never publish an older state after a newer one.
     */
    public synchronized void facilityChanged(LiveView.Change change) {
        view.get(change.after().id()).ifPresent(current -> publish(current, change.before(), Instant.now()));
    }

    @Scheduled(every = "${relais.live.reevaluate-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void reevaluate() {
        Instant now = Instant.now();
        for (LiveFacility facility : view.facilities()) {
            Flags before = published.get(facility.id());
            if (before != null && !before.equals(Flags.of(FacilityLive.of(facility, now)))) {
                publish(facility, facility, now);
            }
        }
    }

    @Scheduled(every = "${relais.live.keep-alive}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void keepAlive() {
        if (subscribers.get() > 0) {
            processor.onNext(new LiveChange.KeepAlive());
        }
    }

    private void publish(LiveFacility facility, LiveFacility before, Instant now) {
        FacilityLive live = FacilityLive.of(facility, now);
        published.put(facility.id(), Flags.of(live));
        if (subscribers.get() == 0) {
            return; // no stream was ever opened (e.g. during the initial replay): skip rendering
        }
        String previousArrondissement = before == null ? null : before.arrondissement();
        processor.onNext(new LiveChange.FacilityFrame(live.id(), live.arrondissement(), previousArrondissement,
                SseFrames.event("facility", json(live))));
    }

    public byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }
}
