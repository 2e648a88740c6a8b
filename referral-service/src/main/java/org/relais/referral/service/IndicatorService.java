package org.relais.referral.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.relais.common.problem.ProblemException;
import org.relais.referral.domain.IndicatorRepository;
import org.relais.referral.domain.Indicators;

/** Coordinators' indicators over a window, the last 24 hours unless told otherwise. */
@ApplicationScoped
public class IndicatorService {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** A year and a day: enough for any yearly report, bounded so one request cannot scan forever. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(366);

    private final IndicatorRepository repository;

    public IndicatorService(IndicatorRepository repository) {
        this.repository = repository;
    }

    /** {@code to} defaults to now, {@code from} to 24 hours before {@code to}. */
    public Uni<Indicators> indicators(Instant from, Instant to) {
        Instant end = to != null ? to : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = from != null ? from : end.minus(DEFAULT_WINDOW);
        if (!start.isBefore(end)) {
            return Uni.createFrom().failure(ProblemException.badRequest("from must be before to."));
        }
        if (Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
            return Uni.createFrom().failure(ProblemException.badRequest("The window may span at most 366 days."));
        }
        return repository.figures(start, end);
    }
}
