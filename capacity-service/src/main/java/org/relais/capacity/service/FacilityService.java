package org.relais.capacity.service;

import org.relais.common.security.Actor;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.relais.capacity.domain.AvailabilityEntity;
import org.relais.capacity.domain.AvailabilityHistoryEntry;
import org.relais.capacity.domain.AvailabilityHistoryRepository;
import org.relais.capacity.domain.AvailabilityRepository;
import org.relais.capacity.domain.FacilityEntity;
import org.relais.capacity.domain.FacilityRepository;
import org.relais.capacity.domain.FacilityState;
import org.relais.capacity.publishing.FacilityStatePublisher;
import org.relais.common.problem.ProblemException;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.FacilityStateEvent;
import org.relais.outbox.audit.AuditTrail;

/** Registers and describes facilities. Every accepted change publishes the facility's whole state. */
@ApplicationScoped
public class FacilityService {

    private final FacilityRepository facilities;
    private final AvailabilityRepository availabilities;
    private final AvailabilityHistoryRepository history;
    private final FacilityStatePublisher publisher;
    private final AuditTrail audit;
    private final Clock clock;

    public FacilityService(FacilityRepository facilities, AvailabilityRepository availabilities,
            AvailabilityHistoryRepository history, FacilityStatePublisher publisher, AuditTrail audit, Clock clock) {
        this.facilities = facilities;
        this.availabilities = availabilities;
        this.history = history;
        this.publisher = publisher;
        this.audit = audit;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<FacilityState>> search(FacilityKind kind, String arrondissement) {
        return facilities.search(kind, arrondissement).chain(found -> availabilities
                .of(found.stream().map(f -> f.id).toList())
                .map(counts -> {
                    Map<String, AvailabilityEntity> byId = counts.stream()
                            .collect(Collectors.toMap(a -> a.facilityId, Function.identity()));
                    return found.stream().map(f -> FacilityState.of(f, byId.get(f.id))).toList();
                }));
    }

    @WithSession
    public Uni<FacilityState> find(String id) {
        return facilities.findById(id)
                .onItem().ifNull().failWith(() -> notFound(id))
                .chain(facility -> availabilities.findById(id).map(count -> FacilityState.of(facility, count)));
    }

    /**
     * Registers a facility with {@code totalPlaces} places, none known to be free until its operator
     * reports. Without an id, the id is derived from the name. Refused (409) when the id is taken.
     * Audited in the same transaction.
     */
    @WithTransaction
    public Uni<FacilityState> register(Actor actor, Facility described, int totalPlaces) {
        String id = described.id() != null ? described.id() : FacilityIds.fromName(described.name());
        if (id == null) {
            return Uni.createFrom().failure(ProblemException.unprocessable(
                    "No id can be derived from this name; give the facility an id."));
        }
        Instant now = clock.instant();
        return facilities.findById(id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(conflict(id));
            }
            FacilityEntity facility = FacilityEntity.register(withId(described, id), now);
            AvailabilityEntity count = AvailabilityEntity.initial(id, totalPlaces);
            FacilityState state = FacilityState.of(facility, count);
            return facilities.persist(facility)
                    .chain(() -> availabilities.persist(count))
                    .chain(() -> history.persist(AvailabilityHistoryEntry.of(count, null, now)))
                    // Flush here so that a facility registered at the same moment by another instance is
                    // reported as a conflict rather than as an unexpected error.
                    .chain(() -> facilities.flush())
                    .onFailure(Persistence::isDuplicateKey).transform(e -> conflict(id))
                    .chain(() -> publisher.publish(FacilityStateEvent.Type.FACILITY_REGISTERED, state, null, now))
                    .chain(() -> audit.record(actor.subject(), actor.role(), AuditActions.FACILITY_REGISTERED,
                            AuditActions.FACILITY, id, id, null, FacilityView.of(state, now)))
                    .replaceWith(state);
        });
    }

    /**
     * Applies {@code change} to a facility's description and, when given, a new total (the free count then
     * stays within it). A change that changes nothing is not a change: nothing is published, but the
     * accepted request is still audited (before equals after), as every write by a person is.
     */
    @WithTransaction
    public Uni<FacilityState> update(Actor actor, String id, UnaryOperator<Facility> change, Integer totalPlaces) {
        Instant now = clock.instant();
        return availabilities.lock(id)
                .onItem().ifNull().failWith(() -> notFound(id))
                .chain(count -> facilities.findById(id).chain(facility -> {
                    FacilityState previous = FacilityState.of(facility, count);
                    Facility before = previous.facility();
                    Facility after = withId(change.apply(before), id);
                    boolean described = !after.equals(before);
                    boolean resized = totalPlaces != null && totalPlaces != count.total;
                    if (!described && !resized) {
                        return audited(actor, previous, previous, now);
                    }
                    facility.describe(after);
                    Uni<?> recorded = Uni.createFrom().voidItem();
                    if (resized) {
                        count.resize(totalPlaces, now);
                        recorded = history.persist(AvailabilityHistoryEntry.of(count, null, now));
                    } else {
                        count.touch();
                    }
                    FacilityState state = FacilityState.of(facility, count);
                    return recorded
                            .chain(() -> publisher.publish(FacilityStateEvent.Type.FACILITY_UPDATED, state, null, now))
                            .chain(() -> audited(actor, previous, state, now));
                }));
    }

    private Uni<FacilityState> audited(Actor actor, FacilityState before, FacilityState after, Instant now) {
        String id = after.facility().id();
        return audit.record(actor.subject(), actor.role(), AuditActions.FACILITY_UPDATED, AuditActions.FACILITY, id, id,
                FacilityView.of(before, now), FacilityView.of(after, now)).replaceWith(after);
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("No facility " + id + ".");
    }

    private static ProblemException conflict(String id) {
        return ProblemException.conflict("Facility " + id + " is already registered.");
    }

    private static Facility withId(Facility f, String id) {
        return new Facility(id, f.name(), f.kind(), f.arrondissement(), f.address(), f.latitude(), f.longitude(),
                f.openingHours(), f.eligibility(), f.reportingInterval(), f.active(), f.confidentialAddress());
    }
}
