package org.relais.gateway.live;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityStateEvent;

/**
 * The gateway's in-memory board, built from the two compacted facility topics only. Every gateway instance
 * builds its own by replaying the topics, so nothing here needs to be shared between processes. Events are
 * applied only when newer than what the view holds, so replays and redeliveries change nothing.
 */
@ApplicationScoped
public class LiveView {

    private final ConcurrentHashMap<String, LiveFacility> facilities = new ConcurrentHashMap<>();

    /** A visible change of one facility: {@code before} is null the first time it appears on the board. */
    public record Change(LiveFacility before, LiveFacility after) {
    }

    public Optional<Change> apply(FacilityStateEvent event) {
        if (event.facility() == null || event.availability() == null) {
            throw new IllegalArgumentException("facility state event without facility or availability");
        }
        String id = event.facilityId() != null ? event.facilityId() : event.facility().id();
        if (id == null) {
            throw new IllegalArgumentException("facility state event without facility id");
        }
        return update(id, current -> current.isSupersededBy(event)
                ? current.withState(event.facility(), event.availability(), event.occurredAt())
                : current);
    }

    public Optional<Change> apply(FacilityHoldsEvent event) {
        if (event.facilityId() == null) {
            throw new IllegalArgumentException("facility holds event without facility id");
        }
        return update(event.facilityId(), current -> event.version() > current.holdsVersion()
                ? current.withHolds(event.held(), event.version())
                : current);
    }

    /** A tombstone on the state topic: the facility is gone from the board. */
    public void forget(String facilityId) {
        facilities.remove(facilityId);
    }

    /** A tombstone on the holds topic: nothing is held there any more. */
    public Optional<Change> clearHolds(String facilityId) {
        return update(facilityId, current -> current.withHolds(0, current.holdsVersion()));
    }

    public Optional<LiveFacility> get(String facilityId) {
        return Optional.ofNullable(facilities.get(facilityId)).filter(LiveFacility::described);
    }

    /** Facilities with a known state (a weakly consistent copy: safe while the replay keeps applying events). */
    public List<LiveFacility> facilities() {
        return facilities.values().stream().filter(LiveFacility::described).toList();
    }

    private Optional<Change> update(String id, UnaryOperator<LiveFacility> next) {
        AtomicReference<Change> change = new AtomicReference<>();
        facilities.compute(id, (key, current) -> {
            LiveFacility base = current != null ? current : LiveFacility.unknown(key);
            LiveFacility updated = next.apply(base);
            if (updated == base) {
                return current;
            }
            LiveFacility before = base.described() ? base : null;
            if (updated.described() && !updated.sameAs(before)) {
                change.set(new Change(before, updated));
            }
            return updated;
        });
        return Optional.ofNullable(change.get());
    }
}
