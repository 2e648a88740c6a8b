package org.relais.patrol.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Actor;
import org.relais.events.EventJson;
import org.relais.events.ReferralRequestEvent;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.outbox.Outbox;
import org.relais.outbox.ProcessedEvents;
import org.relais.outbox.audit.AuditTrail;
import org.relais.patrol.domain.PatrolRepository;
import org.relais.patrol.domain.Referral;
import org.relais.patrol.domain.ReferralRepository;

/**
 * A patrol's referrals: requests and cancellations go out through the outbox in the transaction that stores
 * them; status events from referral-service come back in and update the current state.
 */
@ApplicationScoped
public class ReferralService {

    private static final double COARSE_DEGREES = 1_000;

    private static final Logger LOG = Logger.getLogger(ReferralService.class);
    /** Name under which the status consumer records the events it applied. */
    static final String STATUS_CONSUMER = "referral-status";
    static final String REQUESTED_ACTION = "REFERRAL_REQUESTED";
    static final String CANCEL_REQUESTED_ACTION = "REFERRAL_CANCEL_REQUESTED";
    private static final String AUDIT_TARGET = "referral";
    /** Inserts tried when the row in the way keeps ending before it can be named; in practice one retry at most. */
    private static final int INSERT_ATTEMPTS = 3;

    private final PatrolRepository patrols;
    private final ReferralRepository referrals;
    private final Outbox outbox;
    private final ProcessedEvents processed;
    private final KeyedHash keyedHash;
    private final EventJson json;
    private final AuditTrail audit;
    /** Ticks in microseconds, PostgreSQL's precision: stored, published and returned times are identical. */
    private final Clock clock;

    public ReferralService(PatrolRepository patrols, ReferralRepository referrals, Outbox outbox,
            ProcessedEvents processed, KeyedHash keyedHash, EventJson json, AuditTrail audit, Clock clock) {
        this.patrols = patrols;
        this.referrals = referrals;
        this.outbox = outbox;
        this.processed = processed;
        this.keyedHash = keyedHash;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    /** The referral a request led to; {@code created} is false for a replay, which published nothing. */
    public record Submission(Referral referral, boolean created) {
    }

    /** {@code requested} is false when nothing was published (a cancellation was already on its way). */
    public record Cancellation(Referral referral, boolean requested) {
    }

    /**
     * Stores a request and its {@code Requested} event together. A replay by the same patrol with the same
     * Idempotency-Key (even one racing the first request) returns the first referral; a person who already has an
     * active referral (whichever patrol asked, with whichever key) gets 409 with that referral's id. Neither
     * stores, publishes or audits anything. The caller has already been checked to be that patrol.
     */
    @WithTransaction
    public Uni<Submission> submit(ReferralInput input, String idempotencyKey, Actor actor) {
        return patrols.findById(input.patrolId())
                .onItem().ifNull().failWith(() -> ProblemException.unprocessable("No such patrol."))
                .chain(patrol -> insert(newReferral(input, idempotencyKey), actor, INSERT_ATTEMPTS));
    }

    private Uni<Submission> insert(Referral referral, Actor actor, int attemptsLeft) {
        return referrals.insertUnlessConflicting(referral).chain(inserted -> inserted
                ? publishRequested(referral)
                        .chain(() -> audit.record(actor.subject(), actor.role(), REQUESTED_ACTION, AUDIT_TARGET,
                                referral.id, referral.facilityId, null, ReferralAuditView.of(referral)))
                        .replaceWith(new Submission(referral, true))
                : conflictOf(referral, actor, attemptsLeft));
    }

    /**
     * Why nothing was inserted: a replay of this patrol's key first (the same referral again), else the person's
     * active referral. The row in the way may have ended between the insert and this read (its final status just
     * applied): then the insert is simply tried again.
     */
    private Uni<Submission> conflictOf(Referral attempt, Actor actor, int attemptsLeft) {
        return referrals.findReplayed(attempt.patrolId, attempt.idempotencyKey).chain(first -> {
            if (first != null) {
                return Uni.createFrom().item(replayOf(first, attempt));
            }
            return referrals.findActiveOfPerson(attempt.personHash).chain(active -> {
                if (active != null) {
                    return Uni.createFrom().failure(ProblemException.conflict(
                            "This person already has an active referral (requested, held or waitlisted): follow it,"
                                    + " or cancel it before asking again.")
                            .with("activeReferralId", active.id));
                }
                if (attemptsLeft <= 1) {
                    return Uni.createFrom().failure(ProblemException.conflict(
                            "This request conflicted with another one being made for the same person; send it again."));
                }
                return insert(attempt, actor, attemptsLeft - 1);
            });
        });
    }

    @WithSession
    public Uni<Referral> find(String id) {
        return referrals.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("No such referral."));
    }

    @WithSession
    public Uni<List<Referral>> newestOfPatrol(String patrolId, int limit) {
        return patrols.findById(patrolId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No such patrol."))
                .chain(patrol -> referrals.newestOfPatrol(patrolId, limit));
    }

    /**
     * Asks referral-service to cancel. The referral changes only when its CANCELLED status comes back; asking
     * twice publishes (and audits) once. A final referral cannot be cancelled. Only the referral's own patrol
     * may ask: the conditional update names it, so a foreign patrol's request changes nothing and then gets 403.
     */
    @WithTransaction
    public Uni<Cancellation> cancel(String id, Actor actor) {
        Instant now = clock.instant();
        return referrals.markCancelRequested(id, actor.patrolId(), now).chain(marked -> referrals.findById(id).chain(referral -> {
            if (referral == null) {
                return Uni.createFrom().failure(ProblemException.notFound("No such referral."));
            }
            actor.requirePatrol(referral.patrolId);
            if (marked == 0 && referral.status.isFinal()) {
                return Uni.createFrom().failure(ProblemException.conflict(
                        "The referral is already " + referral.status + " and can no longer be cancelled."));
            }
            if (marked == 0) {
                return Uni.createFrom().item(new Cancellation(referral, false));
            }
            var event = new ReferralRequestEvent.CancelRequested(UUID.randomUUID(), ReferralRequestEvent.SCHEMA_VERSION, now,
                    referral.id, referral.patrolId);
            ReferralAuditView after = ReferralAuditView.of(referral);
            return outbox.publish(event)
                    .chain(() -> audit.record(actor.subject(), actor.role(), CANCEL_REQUESTED_ACTION, AUDIT_TARGET,
                            referral.id, referral.facilityId, after.beforeCancelRequest(), after))
                    .replaceWith(new Cancellation(referral, true));
        }));
    }

    /**
     * Applies a batch of status events in one transaction, each once: an event applied before (redelivered) or given
     * twice is skipped, and a transition that the lifecycle does not allow from the current status (or for a referral
     * made elsewhere) changes nothing. The events of one referral are applied in the list's order. Each applied change
     * is numbered and announced to every instance's patrol streams when the batch commits ({@link ReferralChange}).
     */
    @WithTransaction
    public Uni<Void> applyStatuses(List<ReferralStatusEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return processed.firstTimes(STATUS_CONSUMER, events.stream().map(ReferralStatusEvent::eventId).toList())
                .chain(fresh -> applyWaves(waves(events, fresh)))
                .chain(changes -> referrals.notifyAtCommit(ReferralChange.CHANNEL, changes.stream()
                        // In number order: a stream drops a change numbered below one it already sent.
                        .sorted(Comparator.comparingLong(ReferralChange::seq))
                        .map(change -> change.payload(json))
                        .toList()));
    }

    /**
     * The events to apply, in waves: wave k holds the k-th new event of each referral, in the batch's order. A wave
     * thus names each referral once and is applied in one statement; the waves run one after the other, so a
     * referral's events are applied in order. The first wave names every referral of the batch (see
     * {@link ReferralRepository#applyTransitions} for why that matters).
     */
    static List<List<ReferralStatusEvent>> waves(List<ReferralStatusEvent> events, Set<UUID> fresh) {
        Set<UUID> taken = new HashSet<>();
        Map<String, Integer> perReferral = new HashMap<>();
        List<List<ReferralStatusEvent>> waves = new ArrayList<>();
        for (ReferralStatusEvent event : events) {
            if (!fresh.contains(event.eventId()) || !taken.add(event.eventId())) {
                continue;
            }
            int wave = perReferral.merge(event.referralId(), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(event);
        }
        return waves;
    }

    private Uni<List<ReferralChange>> applyWaves(List<List<ReferralStatusEvent>> waves) {
        List<ReferralChange> changes = new ArrayList<>();
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (List<ReferralStatusEvent> wave : waves) {
            applied = applied.chain(() -> referrals.applyTransitions(wave).invoke(stored -> {
                stored.forEach(referral -> changes.add(ReferralChange.of(referral)));
                if (LOG.isDebugEnabled() && stored.size() < wave.size()) {
                    Set<String> changed = stored.stream().map(referral -> referral.id).collect(Collectors.toSet());
                    wave.stream().filter(event -> !changed.contains(event.referralId())).forEach(event ->
                            LOG.debugf("status %s of referral %s skipped: unknown here or not allowed from its status",
                                    event.status(), event.referralId()));
                }
            }).replaceWithVoid());
        }
        return applied.replaceWith(changes);
    }

    /** The patrol's referrals changed after change number {@code after}, as changes, in their order. */
    @WithSession
    public Uni<List<ReferralChange>> changedSince(String patrolId, long after) {
        return referrals.changedSince(patrolId, after).map(changed -> changed.stream().map(ReferralChange::of).toList());
    }

    private Referral newReferral(ReferralInput input, String idempotencyKey) {
        Instant now = clock.instant();
        Referral r = new Referral();
        r.id = UUID.randomUUID().toString();
        r.patrolId = input.patrolId();
        r.idempotencyKey = idempotencyKey;
        r.requestFingerprint = keyedHash.requestFingerprint(json.write(input));
        r.personHash = keyedHash.personHash(input.personCode());
        r.arrondissement = input.arrondissement();
        r.latitude = coarse(input.latitude());
        r.longitude = coarse(input.longitude());
        r.gender = input.needs().gender();
        r.couple = input.needs().couple();
        r.pet = input.needs().pet();
        r.wheelchair = input.needs().wheelchair();
        r.activeUse = input.needs().activeUse();
        r.kinds = List.copyOf(input.kinds());
        r.urgency = input.urgency();
        r.sameArrondissementOnly = Boolean.TRUE.equals(input.sameArrondissementOnly());
        r.status = ReferralStatus.REQUESTED;
        r.requestedAt = now;
        r.updatedAt = now;
        return r;
    }

    /** Nothing about the person leaves this service but the needs matching requires: no code, no hash. */
    private Uni<Void> publishRequested(Referral r) {
        return outbox.publish(new ReferralRequestEvent.Requested(UUID.randomUUID(), ReferralRequestEvent.SCHEMA_VERSION,
                r.requestedAt, r.id, r.patrolId, r.arrondissement, r.latitude, r.longitude, r.needs(), r.kinds,
                r.urgency, r.sameArrondissementOnly));
    }

    private static Submission replayOf(Referral first, Referral attempt) {
        // A purged referral has no fingerprint left: a replay that late is taken on trust.
        if (first.requestFingerprint != null && !first.requestFingerprint.equals(attempt.requestFingerprint)) {
            throw ProblemException.unprocessable("This Idempotency-Key was already used for a different request.");
        }
        return new Submission(first, false);
    }

    /**
     * A position is kept (and published) to 3 decimals, about 100 m in Paris: enough to rank shelters by distance,
     * not enough to point at the doorway where a person sleeps.
     */
    static Double coarse(Double degrees) {
        return degrees == null ? null : Math.round(degrees * COARSE_DEGREES) / COARSE_DEGREES;
    }
}
