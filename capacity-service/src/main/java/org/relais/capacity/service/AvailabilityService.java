package org.relais.capacity.service;

import org.relais.common.security.Actor;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.relais.capacity.config.CapacityConfig;
import org.relais.capacity.domain.AvailabilityEntity;
import org.relais.capacity.domain.AvailabilityHistoryEntry;
import org.relais.capacity.domain.AvailabilityHistoryRepository;
import org.relais.capacity.domain.AvailabilityRepository;
import org.relais.capacity.domain.FacilityRepository;
import org.relais.capacity.domain.FacilityState;
import org.relais.capacity.publishing.FacilityStatePublisher;
import org.relais.capacity.service.GroupCommit.Outcome;
import org.relais.common.problem.ProblemException;
import org.relais.events.FacilityStateEvent;
import org.relais.events.FacilityStateEvent.Cause;
import org.relais.outbox.ProcessedEvents;
import org.relais.outbox.audit.AuditTrail;

/**
 * Changes a facility's count: operators' reports and arrivals of held referrals. Each change locks the
 * facility's count row first, so two instances changing the same facility apply one change after the other.
 */
@ApplicationScoped
public class AvailabilityService {

    private static final Logger LOG = Logger.getLogger(AvailabilityService.class);
    /** Name under which arrivals are marked as applied in the processed-event table. */
    static final String ARRIVALS = "capacity-arrivals";

    private final FacilityRepository facilities;
    private final AvailabilityRepository availabilities;
    private final AvailabilityHistoryRepository history;
    private final FacilityStatePublisher publisher;
    private final ProcessedEvents processed;
    private final AuditTrail audit;
    private final CapacityConfig config;
    private final Clock clock;
    private final GroupCommit<Report, FacilityState> reports;

    public AvailabilityService(FacilityRepository facilities, AvailabilityRepository availabilities,
            AvailabilityHistoryRepository history, FacilityStatePublisher publisher, ProcessedEvents processed,
            AuditTrail audit, CapacityConfig config, Clock clock, MeterRegistry registry) {
        this.facilities = facilities;
        this.availabilities = availabilities;
        this.history = history;
        this.publisher = publisher;
        this.processed = processed;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        // Reports per transaction: how much the grouping saves (sum / count), and the proof that groups form.
        DistributionSummary groupSizes = DistributionSummary.builder("relais.capacity.report.group.size")
                .description("Availability reports applied per transaction (group commit)")
                .register(registry);
        this.reports = new GroupCommit<>(config.maxReportGroup(), this::applyGroup, groupSizes::record);
    }

    @WithSession
    public Uni<FacilityState> current(String facilityId) {
        return availabilities.findById(facilityId)
                .onItem().ifNull().failWith(() -> FacilityService.notFound(facilityId))
                .chain(count -> facilities.findById(facilityId).map(facility -> FacilityState.of(facility, count)));
    }

    @WithSession
    public Uni<List<AvailabilityHistoryEntry>> history(String facilityId, int limit) {
        return availabilities.findById(facilityId)
                .onItem().ifNull().failWith(() -> FacilityService.notFound(facilityId))
                .chain(() -> history.latest(facilityId, limit));
    }

    /**
     * An operator's report: {@code free} places out of {@code total} (null: unchanged) as of {@code asOf}
     * (null: now). Refused with 409 when the count changed after that moment (a later report, an arrival, a new
     * total), so a delayed message never overwrites a fresher count nor puts back a place an arrival took.
     * Repeating the stored report exactly changes nothing (but is audited, like every accepted report). The
     * caller checks that the actor may report for this facility before calling, on its request's Vert.x context.
     * <p>
     * Reports that arrive together share a transaction (see {@link GroupCommit}, {@link #applyGroup}): one
     * transaction per report cost most of a report's CPU. The answer still comes only once the report committed.
     */
    public Uni<FacilityState> report(Actor actor, String facilityId, int free, Integer total, Instant asOf) {
        return reports.submit(new Report(actor, facilityId, free, total, asOf));
    }

    /** One operator's report, as it waits for its group. */
    private record Report(Actor actor, String facilityId, int free, Integer total, Instant asOf) {
    }

    /**
     * One group of reports, in one transaction. Every count of the group is locked first, in one statement and in
     * facility id order, so that groups of two instances never wait for each other in a circle. The reports are then
     * applied one after the other in their order of arrival, each checked as if it were alone (a facility named twice
     * sees the first report applied, as it would one transaction later). A refused report changed nothing and gets
     * its own answer; a database failure fails the transaction, so every report of the group, and nothing is stored.
     */
    private Uni<List<Outcome<FacilityState>>> applyGroup(List<Report> group) {
        List<String> ids = group.stream().map(Report::facilityId).distinct().toList();
        return Panache.withTransaction(() -> availabilities.lockAll(ids).chain(locked -> {
            Map<String, AvailabilityEntity> counts = new HashMap<>();
            locked.forEach(count -> counts.put(count.facilityId, count));
            List<Outcome<FacilityState>> outcomes = new ArrayList<>(group.size());
            // One statement at a time: a session runs one operation at a time.
            Uni<Void> applied = Uni.createFrom().voidItem();
            for (Report report : group) {
                applied = applied.chain(() -> apply(report, counts.get(report.facilityId())).invoke(outcomes::add))
                        .replaceWithVoid();
            }
            return applied.map(ignored -> outcomes);
        }));
    }

    /** One report of a group, its count (null: no such facility) locked. Checked before it changes anything. */
    private Uni<Outcome<FacilityState>> apply(Report report, AvailabilityEntity count) {
        Instant now = clock.instant();
        ProblemException refusal = refusal(report, count, now);
        if (refusal != null) {
            return Uni.createFrom().item(Outcome.refused(refusal));
        }
        // Taken before the report changes the (managed) row.
        AvailabilityView before = AvailabilityView.of(report.facilityId(), count.toAvailability());
        int reportedTotal = report.total() != null ? report.total() : count.total;
        Instant at = reportTime(report.asOf(), count, now);
        Uni<FacilityState> state;
        if (count.repeats(report.free(), reportedTotal, at)) {
            state = facilities.findById(count.facilityId).map(facility -> FacilityState.of(facility, count));
        } else {
            count.report(report.free(), reportedTotal, at);
            state = changed(count, null, now);
        }
        return state
                .call(after -> audit.record(report.actor().subject(), report.actor().role(),
                        AuditActions.AVAILABILITY_REPORTED, AuditActions.AVAILABILITY, report.facilityId(),
                        report.facilityId(), before, AvailabilityView.of(after)))
                .map(Outcome::accepted);
    }

    /** Why the report is refused as it stands (404, 422, 409), or null when it may be applied. */
    private ProblemException refusal(Report report, AvailabilityEntity count, Instant now) {
        if (count == null) {
            return FacilityService.notFound(report.facilityId());
        }
        int reportedTotal = report.total() != null ? report.total() : count.total;
        if (report.free() > reportedTotal) {
            return ProblemException.unprocessable("free (" + report.free() + ") cannot exceed total (" + reportedTotal + ").");
        }
        if (report.asOf() != null && report.asOf().isAfter(now.plus(config.maxClockSkew()))) {
            return ProblemException.unprocessable("asOf is in the future; check the device's clock.");
        }
        Instant at = reportTime(report.asOf(), count, now);
        if (count.precedesLatestChange(at)) {
            return ProblemException.conflict(
                    "The count changed at " + count.changedAt + ", after this report's moment (" + at + "): a later"
                            + " report, an arrival or a new total is already recorded. Check the count and report again.");
        }
        return null;
    }

    /**
     * "Unchanged, still accurate": the operator vouches for the current count without counting again. The count is no
     * longer stale ({@code updatedAt} moves to now); the count, the moment of its latest change and of its latest
     * report do not (see {@link AvailabilityEntity#confirm}). Published and audited like a report. {@code seenFree},
     * when given, is the count the operator was shown: if it is no longer the count (an arrival or another report came
     * in meanwhile), 409 and nothing changes, so nobody vouches for a number they did not see. 409 too before any
     * report: there is no count to vouch for. The caller checks that the actor may confirm for this facility.
     */
    @WithTransaction
    public Uni<FacilityState> confirm(Actor actor, String facilityId, Integer seenFree) {
        Instant now = clock.instant();
        return availabilities.lock(facilityId)
                .onItem().ifNull().failWith(() -> FacilityService.notFound(facilityId))
                .chain(count -> {
                    if (count.countedAt == null) {
                        return Uni.createFrom().failure(ProblemException.conflict(
                                "No count has been reported for " + facilityId + " yet: report the number of free places."));
                    }
                    if (seenFree != null && seenFree != count.free) {
                        return Uni.createFrom().failure(ProblemException.conflict("The count is now " + count.free
                                + " free places, not " + seenFree + ": check it, then confirm or report it."));
                    }
                    AvailabilityView before = AvailabilityView.of(facilityId, count.toAvailability());
                    count.confirm(now);
                    return facilities.findById(facilityId).chain(facility -> {
                        FacilityState state = FacilityState.of(facility, count);
                        return publisher.publish(FacilityStateEvent.Type.AVAILABILITY_CONFIRMED, state, null, now)
                                .chain(() -> audit.record(actor.subject(), actor.role(), AuditActions.AVAILABILITY_CONFIRMED,
                                        AuditActions.AVAILABILITY, facilityId, facilityId, before, AvailabilityView.of(state)))
                                .replaceWith(state);
                    });
                });
    }

    /**
     * A person arrived on a place held for a referral: one free place less (not below zero), published with
     * the arrival as cause, even when the count was already zero so that every consumer sees the arrival.
     * False when the event was applied before (a redelivery) or names a facility unknown here.
     */
    @WithTransaction
    public Uni<Boolean> recordArrival(UUID eventId, String referralId, String facilityId) {
        return processed.firstTime(ARRIVALS, eventId).chain(first -> {
            if (!first) {
                LOG.debugf("arrival event %s already applied, skipped", eventId);
                return Uni.createFrom().item(false);
            }
            return availabilities.lock(facilityId).chain(count -> {
                if (count == null) {
                    // Referral-service only holds places it learnt from us, so this is another
                    // deployment's facility (or a test's): nothing to count here.
                    LOG.infof("arrival for referral %s at unknown facility %s ignored", referralId, facilityId);
                    return Uni.createFrom().item(false);
                }
                Instant now = clock.instant();
                count.arrival(referralId, now);
                return changed(count, new Cause(Cause.ARRIVAL, referralId), now).replaceWith(true);
            });
        });
    }

    private Uni<FacilityState> changed(AvailabilityEntity count, Cause cause, Instant now) {
        return facilities.findById(count.facilityId).chain(facility -> {
            FacilityState state = FacilityState.of(facility, count);
            return history.persist(AvailabilityHistoryEntry.of(count, cause, now))
                    .chain(() -> publisher.publish(FacilityStateEvent.Type.AVAILABILITY_CHANGED, state, cause, now))
                    .replaceWith(state);
        });
    }

    /**
     * The moment a report describes, to the microsecond PostgreSQL keeps. Without asOf it is now, or the time
     * of the latest change when that is ahead (another device's or instance's clock), so a report sent without
     * asOf is never refused as out of date.
     */
    private static Instant reportTime(Instant asOf, AvailabilityEntity count, Instant now) {
        if (asOf != null) {
            return asOf.truncatedTo(ChronoUnit.MICROS);
        }
        return count.changedAt != null && count.changedAt.isAfter(now) ? count.changedAt : now;
    }
}
