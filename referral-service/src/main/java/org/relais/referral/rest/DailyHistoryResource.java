package org.relais.referral.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.relais.common.problem.ProblemException;
import org.relais.common.security.Actor;
import org.relais.common.security.Caller;
import org.relais.common.security.Roles;
import org.relais.events.FacilityKind;
import org.relais.referral.domain.Reach;
import org.relais.referral.service.DailyHistory;

/**
 * The daily record (see {@link DailyHistory}): read by coordinators as JSON or CSV, recomputed for a night by a
 * coordinator or an admin. Nights are named by the date they start on.
 */
@Path("/api/indicators/daily")
public class DailyHistoryResource {

    static final String CSV = "text/csv";
    /** The default period: the last 30 nights, the current one included. */
    static final int DEFAULT_NIGHTS = 30;
    /** Longest period one request may read: more than a year of nights. */
    static final int MOST_NIGHTS = 400;

    private final DailyHistory history;
    private final Caller caller;

    public DailyHistoryResource(DailyHistory history, Caller caller) {
        this.history = history;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.COORDINATOR)
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Uni<Response> daily(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("arrondissement") String arrondissement, @QueryParam("kind") String kind,
            @Context HttpHeaders headers) {
        Period period = period(from, to);
        String area = arrondissement(arrondissement);
        String facilityKind = kind(kind);
        boolean csv = wantsCsv(headers);
        return history.rows(period.from(), period.to(), area, facilityKind).map(rows -> csv
                ? Response.ok(DailyCsv.write(rows).getBytes(StandardCharsets.UTF_8),
                                MediaType.valueOf(CSV + "; charset=utf-8; header=present"))
                        .header("Content-Disposition", "attachment; filename=\"relais-daily-" + period.from() + "-"
                                + period.to() + ".csv\"")
                        .build()
                : Response.ok(new DailyHistoryView(period.from(), period.to(), history.config().timeZone().getId(),
                        history.config().dayStartsAt().format(DateTimeFormatter.ofPattern("HH:mm")), rows),
                        MediaType.APPLICATION_JSON_TYPE).build());
    }

    @GET
    @Path("/stale-reporters")
    @RolesAllowed(Roles.COORDINATOR)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<StaleReportersView> staleReporters(@QueryParam("from") String from, @QueryParam("to") String to) {
        Period period = period(from, to);
        return history.staleReporters(period.from(), period.to())
                .map(rows -> new StaleReportersView(period.from(), period.to(), rows));
    }

    @POST
    @Path("/recompute")
    @RolesAllowed({Roles.COORDINATOR, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DailyHistoryView> recompute(@QueryParam("day") String day) {
        if (day == null || day.isBlank()) {
            throw ProblemException.badRequest("day is required: the night's date, like 2026-12-03.");
        }
        LocalDate night = date("day", day);
        return history.recompute(night, Actor.of(caller)).map(rows -> new DailyHistoryView(night, night,
                history.config().timeZone().getId(), history.config().dayStartsAt().format(DateTimeFormatter.ofPattern("HH:mm")),
                rows));
    }

    private record Period(LocalDate from, LocalDate to) {
    }

    /** {@code to} defaults to the night under way, {@code from} to 29 nights before {@code to}. */
    private Period period(String from, String to) {
        LocalDate end = to == null || to.isBlank() ? null : date("to", to);
        LocalDate start = from == null || from.isBlank() ? null : date("from", from);
        if (end == null) {
            end = start == null ? history.currentDay() : start.plusDays(DEFAULT_NIGHTS - 1L);
        }
        if (start == null) {
            start = end.minusDays(DEFAULT_NIGHTS - 1L);
        }
        if (start.isAfter(end)) {
            throw ProblemException.badRequest("from must not be after to.");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MOST_NIGHTS) {
            throw ProblemException.badRequest("The period may span at most " + MOST_NIGHTS + " nights.");
        }
        return new Period(start, end);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be a date, like 2026-12-03 (the night that starts that day).");
        }
    }

    private static String arrondissement(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!Reach.onBoard(value.strip())) {
            throw ProblemException.badRequest(
                    "arrondissement must be one of the board's: " + String.join(", ", Reach.BOARD) + ".");
        }
        return value.strip();
    }

    private static String kind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(FacilityKind.values()).map(Enum::name).filter(value.strip()::equals).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("kind must be one of "
                        + String.join(", ", Arrays.stream(FacilityKind.values()).map(Enum::name).toList()) + "."));
    }

    /** CSV when the caller prefers it to JSON (the first acceptable type that is either decides; JSON by default). */
    private static boolean wantsCsv(HttpHeaders headers) {
        MediaType csv = MediaType.valueOf(CSV);
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isWildcardType() || MediaType.APPLICATION_JSON_TYPE.isCompatible(accepted)) {
                return false;
            }
            if (accepted.isCompatible(csv) && !accepted.isWildcardSubtype()) {
                return true;
            }
        }
        return false;
    }
}
