package org.relais.referral.fhir;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relais.common.problem.ProblemException;
import org.relais.events.Availability;
import org.relais.events.DeclineReason;
import org.relais.events.ReferralStatus;
import org.relais.referral.fhir.PartnerViewRepository.FacilityRow;
import org.relais.referral.fhir.PartnerViewRepository.ReferralRow;
import org.relais.referral.service.ReferralLifecycle;

/**
 * Health partners' view of referrals and facilities in FHIR R4: referrals as {@code Task} (status as the README's
 * mapping, {@link ReferralStatus#fhirTaskStatus()}), facilities as {@code HealthcareService} with the SDOH Clinical
 * Care capacity status. Read-only, and nothing about any person.
 */
@ApplicationScoped
public class PartnerView {

    public static final String TASK_PATH = "/api/fhir/Task";
    public static final String SERVICE_PATH = "/api/fhir/HealthcareService";

    public static final List<String> TASK_PARAMETERS = List.of("status", SearchParameters.LAST_UPDATED, SearchParameters.ID,
            SearchParameters.COUNT, SearchParameters.CURSOR);
    public static final List<String> SERVICE_PARAMETERS = List.of("active", SearchParameters.ID, SearchParameters.COUNT,
            SearchParameters.CURSOR);

    /** FHIR R4's Task.status codes: a valid code no referral has (e.g. draft) matches nothing rather than failing. */
    private static final List<String> TASK_STATUSES = List.of("draft", "requested", "received", "accepted", "rejected",
            "ready", "cancelled", "in-progress", "on-hold", "failed", "completed", "entered-in-error");

    private static final Map<String, String> REASON_DISPLAY = Map.of(
            DeclineReason.NO_PLACE.name(), "No place free after all",
            DeclineReason.NOT_ELIGIBLE.name(), "Does not meet the place's conditions",
            DeclineReason.SAFETY.name(), "Safety",
            DeclineReason.OTHER.name(), "Other reason",
            ReferralLifecycle.PLACE_WITHDRAWN, "Held place withdrawn: the facility's count fell below its holds");

    private final PartnerViewRepository repository;
    /** Absolute base of the public FHIR API (e.g. https://relais.example.org/api/fhir); links are relative without it. */
    private final Optional<String> baseUrl;

    public PartnerView(PartnerViewRepository repository,
            @ConfigProperty(name = "relais.fhir.base-url") Optional<String> baseUrl) {
        this.repository = repository;
        this.baseUrl = baseUrl.map(url -> url.replaceAll("/+$", ""));
    }

    /** GET /api/fhir/Task: a searchset Bundle of referrals, newest change first. */
    public Uni<Fhir.Bundle> searchTasks(SearchParameters search) {
        List<ReferralStatus> statuses = statuses(search.tokens("status"));
        List<String> ids = search.ids();
        List<SearchParameters.Bound> lastUpdated = search.dateBounds(SearchParameters.LAST_UPDATED);
        int count = search.count();
        String[] cursor = search.cursorParts(2);
        Instant afterUpdated = cursor == null ? null : cursorInstant(cursor[0]);
        String afterId = cursor == null ? null : cursor[1];
        Instant now = Instant.now();
        return repository.referrals(new PartnerViewRepository.ReferralFilter(statuses, ids, lastUpdated), afterUpdated,
                        afterId, count + 1)
                .map(page -> {
                    List<ReferralRow> rows = page.rows().subList(0, Math.min(count, page.rows().size()));
                    String next = page.rows().size() > count && count > 0 ? SearchParameters.cursor(
                            rows.get(rows.size() - 1).updatedAt().toString(), rows.get(rows.size() - 1).id()) : null;
                    List<Fhir.BundleEntry> entries = rows.stream()
                            .map(row -> entry("Task", row.id(), task(row))).toList();
                    return Fhir.Bundle.searchset(now, page.total(), links(TASK_PATH, search, next), entries);
                });
    }

    /** GET /api/fhir/Task/{id}; 404 when no referral has this id. */
    public Uni<TaskResource> readTask(String id) {
        return repository.referrals(new PartnerViewRepository.ReferralFilter(null, List.of(id), List.of()), null, null, 1)
                .map(page -> {
                    if (page.rows().isEmpty()) {
                        throw ProblemException.notFound("No such Task.");
                    }
                    return task(page.rows().get(0));
                });
    }

    /** GET /api/fhir/HealthcareService: a searchset Bundle of the facilities referral-service knows, by id. */
    public Uni<Fhir.Bundle> searchServices(SearchParameters search) {
        List<String> ids = search.ids();
        Boolean active = search.bool("active");
        int count = search.count();
        String[] cursor = search.cursorParts(1);
        String afterId = cursor == null ? null : cursor[0];
        Instant now = Instant.now();
        return repository.facilities(ids, active, afterId, count + 1).map(page -> {
            List<FacilityRow> rows = page.rows().subList(0, Math.min(count, page.rows().size()));
            String next = page.rows().size() > count && count > 0
                    ? SearchParameters.cursor(rows.get(rows.size() - 1).facilityId()) : null;
            List<Fhir.BundleEntry> entries = rows.stream()
                    .map(row -> entry("HealthcareService", row.facilityId(), service(row))).toList();
            return Fhir.Bundle.searchset(now, page.total(), links(SERVICE_PATH, search, next), entries);
        });
    }

    /** GET /api/fhir/HealthcareService/{id}; 404 when referral-service does not know the facility. */
    public Uni<HealthcareServiceResource> readService(String id) {
        return repository.facilities(List.of(id), null, null, 1).map(page -> {
            if (page.rows().isEmpty()) {
                throw ProblemException.notFound("No such HealthcareService.");
            }
            return service(page.rows().get(0));
        });
    }

    static TaskResource task(ReferralRow referral) {
        ReferralStatus status = referral.status();
        boolean placed = status != ReferralStatus.REQUESTED && status != ReferralStatus.WAITLISTED;
        Fhir.Reference owner = placed && referral.facilityId() != null
                ? new Fhir.Reference("HealthcareService/" + referral.facilityId(), "HealthcareService", null) : null;
        TaskResource.Restriction restriction = switch (status) {
            case HELD -> new TaskResource.Restriction(
                    new Fhir.Period(Fhir.instant(referral.heldAt()), Fhir.instant(referral.holdExpiresAt())));
            case WAITLISTED -> new TaskResource.Restriction(new Fhir.Period(null, Fhir.instant(referral.waitlistExpiresAt())));
            default -> null;
        };
        return new TaskResource("Task", referral.id(),
                new Fhir.Meta(Fhir.instant(referral.updatedAt())),
                status.fhirTaskStatus(),
                statusReason(referral),
                new Fhir.CodeableConcept(List.of(new Fhir.Coding(Fhir.REFERRAL_STATUS_SYSTEM, status.name(),
                        display(status))), status.name()),
                "order",
                TaskResource.PLACEMENT_REQUEST,
                new Fhir.Period(Fhir.instant(referral.requestedAt()),
                        status.isFinal() ? Fhir.instant(referral.updatedAt()) : null),
                Fhir.instant(referral.requestedAt()),
                Fhir.instant(referral.updatedAt()),
                new Fhir.Reference(null, "Organization", new Fhir.Identifier(Fhir.PATROL_SYSTEM, referral.patrolId())),
                owner,
                restriction);
    }

    /**
     * The SDOH Clinical Care capacity status: {@code capacity} while a place is offered; without one,
     * {@code no-capacity-has-waitlist} when someone waits for a place of its kind within its reach, else
     * {@code no-capacity}. A closed facility has no capacity.
     */
    static String capacityStatus(FacilityRow facility) {
        if (facility.active() && Availability.offered(facility.free(), facility.held()) > 0) {
            return "capacity";
        }
        return facility.active() && facility.waitedFor() ? "no-capacity-has-waitlist" : "no-capacity";
    }

    static HealthcareServiceResource service(FacilityRow facility) {
        String capacity = capacityStatus(facility);
        String display = switch (capacity) {
            case "capacity" -> "Has Capacity";
            case "no-capacity-has-waitlist" -> "No Capacity - Has Waitlist";
            default -> "No Capacity";
        };
        Fhir.Extension capacityStatus = new Fhir.Extension(Fhir.SDOHCC_CAPACITY_EXTENSION, List.of(
                new Fhir.Extension("capacityStatus", null,
                        Fhir.CodeableConcept.of(Fhir.SDOHCC_TEMPORARY_CODES, capacity, display))), null);
        Instant lastUpdated = latest(facility.updatedAt(), facility.stateOccurredAt());
        int offered = Availability.offered(facility.free(), facility.held());
        return new HealthcareServiceResource("HealthcareService", facility.facilityId(),
                new Fhir.Meta(Fhir.instant(lastUpdated)),
                List.of(new Fhir.Location("area", new Fhir.Address(facility.arrondissement(), "FR"))),
                List.of(capacityStatus),
                facility.active(),
                List.of(Fhir.CodeableConcept.of(Fhir.FACILITY_KIND_SYSTEM, facility.kind().name(), kindDisplay(facility))),
                List.of(new Fhir.Reference("#area", null, null)),
                facility.active()
                        ? offered + " of " + facility.total() + " places offered to patrols (" + facility.held() + " held)"
                        : "Closed to referrals");
    }

    private static Fhir.CodeableConcept statusReason(ReferralRow referral) {
        String reason = referral.reason();
        boolean coded = reason != null && REASON_DISPLAY.containsKey(reason)
                && (referral.status() == ReferralStatus.DECLINED || referral.status() == ReferralStatus.WAITLISTED);
        // Other statuses' reasons are this service's own wording, not codes: the status says enough.
        return coded ? Fhir.CodeableConcept.of(Fhir.STATUS_REASON_SYSTEM, reason, REASON_DISPLAY.get(reason)) : null;
    }

    private static List<ReferralStatus> statuses(List<String> codes) {
        if (codes == null) {
            return null;
        }
        if (!TASK_STATUSES.containsAll(codes)) {
            throw ProblemException.badRequest("status must list FHIR Task status codes: " + String.join(", ", TASK_STATUSES) + ".");
        }
        return Arrays.stream(ReferralStatus.values()).filter(status -> codes.contains(status.fhirTaskStatus())).toList();
    }

    private static Instant cursorInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw ProblemException.badRequest(SearchParameters.CURSOR + " is not a cursor this server gave: follow the Bundle's next link.");
        }
    }

    private List<Fhir.BundleLink> links(String path, SearchParameters search, String nextCursor) {
        String query = search.queryWithout(SearchParameters.CURSOR);
        String self = url(path) + (query.isEmpty() ? "" : "?" + query);
        List<Fhir.BundleLink> links = new ArrayList<>();
        links.add(new Fhir.BundleLink("self", self));
        if (nextCursor != null) {
            links.add(new Fhir.BundleLink("next", self + (query.isEmpty() ? "?" : "&") + SearchParameters.CURSOR + "=" + nextCursor));
        }
        return links;
    }

    private Fhir.BundleEntry entry(String type, String id, Object resource) {
        return new Fhir.BundleEntry(baseUrl.map(base -> base + "/" + type + "/" + id).orElse(null), resource,
                new Fhir.BundleSearch("match"));
    }

    /** The API path, absolute when the public base is configured ({@code relais.fhir.base-url} ends in /api/fhir). */
    private String url(String path) {
        return baseUrl.map(base -> base + path.substring("/api/fhir".length())).orElse(path);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String display(ReferralStatus status) {
        return switch (status) {
            case REQUESTED -> "Requested, not matched yet";
            case HELD -> "A place is held";
            case WAITLISTED -> "Waitlisted";
            case ARRIVED -> "Arrived";
            case DECLINED -> "Declined by the facility";
            case EXPIRED -> "Expired";
            case CANCELLED -> "Cancelled by the patrol";
        };
    }

    private static String kindDisplay(FacilityRow facility) {
        return switch (facility.kind()) {
            case EMERGENCY_SHELTER -> "Emergency shelter";
            case LONG_STAY_HOUSING -> "Longer-stay housing";
            case REST_ROOM -> "Rest room";
            case CONSUMPTION_ROOM -> "Lower-risk consumption room";
        };
    }
}
