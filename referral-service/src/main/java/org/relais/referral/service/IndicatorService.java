package org.relais.referral.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.relais.common.problem.ProblemException;
import org.relais.referral.domain.IndicatorRepository;
import org.relais.referral.domain.Indicators;
import org.relais.referral.domain.Reach;

/**
 * Coordinators' indicators over a window, the last 24 hours unless told otherwise, counting the board's
 * arrondissements only (or one of them): requests from areas off the board are the bench's and the tests', not demand.
 */
@ApplicationScoped
public class IndicatorService {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** A year and a day: enough for any yearly report, bounded so one request cannot scan forever. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(366);

    private final IndicatorRepository repository;
    /** The board matching crosses lines within is the board the indicators count. */
    private final List<String> board = Reach.BOARD;

    public IndicatorService(IndicatorRepository repository) {
        this.repository = repository;
    }

    /**
     * {@code to} defaults to now, {@code from} to 24 hours before {@code to}; {@code arrondissement}, when given, must
     * be one of the board's (null: the whole board).
     */
    public Uni<Indicators> indicators(Instant from, Instant to, String arrondissement) {
        List<String> scope;
        if (arrondissement == null || arrondissement.isBlank()) {
            scope = board;
        } else if (board.contains(arrondissement.strip())) {
            scope = List.of(arrondissement.strip());
        } else {
            return Uni.createFrom().failure(ProblemException.badRequest(
                    "arrondissement must be one of the board's: " + String.join(", ", board) + "."));
        }
        Instant end = to != null ? to : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = from != null ? from : end.minus(DEFAULT_WINDOW);
        if (!start.isBefore(end)) {
            return Uni.createFrom().failure(ProblemException.badRequest("from must be before to."));
        }
        if (Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
            return Uni.createFrom().failure(ProblemException.badRequest("The window may span at most 366 days."));
        }
        return repository.figures(start, end, scope);
    }
}
