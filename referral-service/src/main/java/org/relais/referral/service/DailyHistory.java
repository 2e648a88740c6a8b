package org.relais.referral.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Actor;
import org.relais.events.FacilityKind;
import org.relais.events.FacilityStateEvent;
import org.relais.referral.config.HistoryConfig;
import org.relais.referral.domain.DailyHistoryRepository;
import org.relais.referral.domain.DailyHistoryRepository.ReferralFigures;
import org.relais.referral.domain.DailyIndicator;
import org.relais.referral.domain.FacilityNight;
import org.relais.referral.domain.Night;
import org.relais.referral.domain.Reach;
import org.relais.referral.domain.StaleReporter;

/**
 * The daily record: one row per night, board arrondissement and facility kind (always all of them, zeros included).
 *
 * <p>Referral figures count the referrals requested during the night in that arrondissement (the demand's, as the live
 * indicators), whatever happened to them later: a referral held at least once counts under the kind of the facility that
 * held it last; one never held (unmet for lack of place: every referral is held or waitlisted first) under the first
 * kind it asked for. {@code holds}: referrals held at least once (time to hold: to the first hold); {@code arrivals},
 * {@code declined} (by reason), {@code expired}, {@code cancelled}: referrals that ended so. Facility figures: see
 * {@link FacilityNight}.
 *
 * <p>A night is computed in one transaction holding its advisory lock, with the database's time, and stored by upsert
 * that leaves unchanged rows alone: any instance may compute any night at any time, the same input gives the same rows.
 * The job refreshes the night under way, the nights ended less than {@code relais.history.settle} ago (late outcomes),
 * and fills nights of the last {@code relais.history.backfill} that have no rows; it also purges old samples.
 */
@ApplicationScoped
public class DailyHistory {

    private static final Logger LOG = Logger.getLogger(DailyHistory.class);
    /** Nights without rows the job fills per pass: the next pass takes the rest. */
    private static final int BACKFILL_PER_PASS = 7;

    private final DailyHistoryRepository repository;
    private final HistoryConfig config;
    private final List<String> board = Reach.BOARD;

    public DailyHistory(DailyHistoryRepository repository, HistoryConfig config) {
        this.repository = repository;
        this.config = config;
    }

    public HistoryConfig config() {
        return config;
    }

    /** Samples a facility state record, when the facility is on the board (the record's own time and version). */
    public Uni<Void> sample(FacilityStateEvent event) {
        return sampleAll(List.of(event));
    }

    /**
     * Samples every record of the board among these, in their order: each record, not only a facility's newest, since
     * the record reads the states in force at given times of the night.
     */
    public Uni<Void> sampleAll(List<FacilityStateEvent> events) {
        return repository.sampleAll(events.stream().filter(event -> Reach.onBoard(event.facility().arrondissement())).toList());
    }

    public Night night(LocalDate day) {
        return Night.of(day, config.timeZone(), config.dayStartsAt());
    }

    /** The night under way now (this instance's clock: for defaults only, never for what is computed). */
    public LocalDate currentDay() {
        return Night.containing(Instant.now(), config.timeZone(), config.dayStartsAt()).day();
    }

    /** Computes and stores one night for the job (400 for a night not started yet); returns its rows. */
    public Uni<List<DailyIndicator>> recompute(LocalDate day) {
        return recompute(day, null);
    }

    /**
     * Computes and stores one night (400 for a night not started yet); returns its rows. {@code actor}: who asked,
     * audited in the same transaction; null for the job.
     */
    public Uni<List<DailyIndicator>> recompute(LocalDate day, Actor actor) {
        Night night = night(day);
        return repository.underNightLock(day, locked -> {
            if (night.start().isAfter(locked.now())) {
                return Uni.createFrom().failure(ProblemException.badRequest("The night of " + day + " has not started yet."));
            }
            return Uni.combine().all()
                    .unis(repository.samples(locked.connection(), night, board),
                            repository.referrals(locked.connection(), night, board))
                    .asTuple()
                    .chain(inputs -> {
                        FacilityNight.Result facilities = FacilityNight.compute(night, locked.now(), inputs.getItem1());
                        List<DailyIndicator> rows = rows(night, locked.now(), facilities, inputs.getItem2());
                        return repository.store(locked.connection(), rows, day, facilities.staleReporters())
                                .chain(() -> actor == null ? Uni.createFrom().voidItem()
                                        : repository.audit(locked.connection(), actor.subject(), actor.role(), day))
                                .chain(() -> repository.rows(locked.connection(), day, day, null, null));
                    });
        });
    }

    private List<DailyIndicator> rows(Night night, Instant now, FacilityNight.Result facilities,
            Map<FacilityNight.Key, ReferralFigures> referrals) {
        List<DailyIndicator> rows = new ArrayList<>();
        for (String arrondissement : board) {
            for (FacilityKind kind : FacilityKind.values()) {
                FacilityNight.Key key = new FacilityNight.Key(arrondissement, kind.name());
                FacilityNight.Figures places = facilities.rows().getOrDefault(key, FacilityNight.empty(night, now));
                ReferralFigures r = referrals.getOrDefault(key, ReferralFigures.none());
                rows.add(new DailyIndicator(night.day(), arrondissement, kind.name(), places.places(), places.freeAt22(),
                        places.freeAt02(), r.holds(), r.arrivals(), r.requests(), r.unmet(), r.declined(), r.expired(),
                        r.cancelled(), r.holdMedian(), r.holdP90(), r.arrivalMedian(), r.arrivalP90(),
                        places.nightCoveragePlaces(), places.staleReporters(), places.staleOverdueHours(), now));
            }
        }
        return rows;
    }

    public Uni<List<DailyIndicator>> rows(LocalDate from, LocalDate to, String arrondissement, String kind) {
        return repository.rows(repository.pool(), from, to, arrondissement, kind);
    }

    public Uni<List<StaleReporter>> staleReporters(LocalDate from, LocalDate to) {
        return repository.staleReporters(from, to);
    }

    @Scheduled(every = "${relais.history.refresh-interval:15m}", delayed = "${relais.history.first-pass-after:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pass()
                // Database away, say: the next pass computes the same nights.
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("daily history pass failed, the next one retries: %s", failure.toString());
                    return null;
                });
    }

    /** One pass of the job, by the database's clock. */
    public Uni<Void> pass() {
        return repository.now().chain(now -> {
            Night current = Night.containing(now, config.timeZone(), config.dayStartsAt());
            List<LocalDate> days = new ArrayList<>();
            days.add(current.day());
            // Nights ended recently still get outcomes (holds, arrivals, expiries of their referrals).
            for (LocalDate day = current.day().minusDays(1); night(day).end().plus(config.settle()).isAfter(now);
                    day = day.minusDays(1)) {
                days.add(day);
            }
            LocalDate oldest = current.day().minusDays(Math.max(0, config.backfill().toDays()));
            return repository.nightsWithoutRows(oldest, current.day().minusDays(1), BACKFILL_PER_PASS)
                    .chain(missing -> {
                        missing.stream().filter(day -> !days.contains(day)).forEach(days::add);
                        return Multi.createFrom().iterable(days)
                                .onItem().transformToUniAndConcatenate(this::recompute)
                                .collect().last();
                    })
                    .chain(() -> repository.purgeSamplesBefore(now.minus(config.sampleRetention())))
                    .invoke(purged -> {
                        if (purged > 0) {
                            LOG.infof("purged %d facility state samples older than %s", purged, config.sampleRetention());
                        }
                    })
                    .replaceWithVoid();
        });
    }
}
