package org.relais.gateway.opendata;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relais.events.Availability;
import org.relais.events.Eligibility;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.Gender;
import org.relais.events.OpeningHours;
import org.relais.events.OpeningSpan;
import org.relais.gateway.live.LiveFacility;
import org.relais.gateway.live.LiveView;

/**
 * The live board as Open Referral HSDS 3.1 services: one service per facility of the configured arrondissements
 * (the board's default scope), read from the gateway's in-memory view, in facility-id order so that pages stay put
 * while facilities change. Nothing here is stored.
 */
@ApplicationScoped
public class HsdsFeed {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");
    private static final String ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU";
    private static final Hsds.Unit BED = new Hsds.Unit(HsdsIds.of("unit/bed"), "Bed", "relais", "bed");
    private static final Hsds.Unit PLACE = new Hsds.Unit(HsdsIds.of("unit/place"), "Place", "relais", "place");

    private final LiveView view;
    private final Set<String> arrondissements;

    public HsdsFeed(LiveView view, @ConfigProperty(name = "relais.arrondissements") List<String> arrondissements) {
        this.view = view;
        this.arrondissements = Set.copyOf(arrondissements);
    }

    /** Page {@code page} (from 1) of {@code perPage} services; a page past the last is empty, not an error. */
    public Hsds.Page<Hsds.Service> page(int page, int perPage, Instant now) {
        List<LiveFacility> facilities = published();
        int total = facilities.size();
        int totalPages = (total + perPage - 1) / perPage;
        long from = (long) (page - 1) * perPage;
        List<Hsds.Service> contents = facilities.stream().skip(from).limit(perPage).map(f -> service(f, now)).toList();
        return new Hsds.Page<>(total, totalPages, page, contents.size(), page == 1, page >= totalPages,
                contents.isEmpty(), contents);
    }

    public Optional<Hsds.Service> service(UUID id, Instant now) {
        return published().stream().filter(f -> HsdsIds.service(f.id()).equals(id)).findFirst().map(f -> service(f, now));
    }

    private List<LiveFacility> published() {
        return view.facilities().stream()
                .filter(f -> arrondissements.contains(f.arrondissement()))
                .sorted(Comparator.comparing(LiveFacility::id))
                .toList();
    }

    static Hsds.Service service(LiveFacility live, Instant now) {
        // A confidential place is published as the board shows it: arrondissement, counts, hours; never where it is.
        Facility facility = live.facility().confidentialAddress() ? live.facility().withoutAddress() : live.facility();
        UUID id = HsdsIds.service(live.id());
        Instant modified = latest(live.stateOccurredAt(), live.availability().updatedAt());
        String description = describe(facility.kind())
                + (facility.confidentialAddress() ? " Its address is confidential and is not published." : "");
        return new Hsds.Service(id, facility.name(), description, facility.active() ? "active" : "inactive",
                eligibility(facility.eligibility()), modified == null ? null : DATE_TIME.format(modified),
                schedules(id, live.id(), facility.openingHours(), now),
                List.of(area(id, live.id(), facility.arrondissement())),
                facility.confidentialAddress() ? null : serviceAtLocations(id, live.id(), facility),
                capacities(id, live, facility, now),
                List.of(new Hsds.Attribute(HsdsIds.of("attribute/" + live.id() + "/kind"), id, "relais:kind", "service",
                        "Kind of place", facility.kind().name())));
    }

    private static String describe(FacilityKind kind) {
        return switch (kind) {
            case EMERGENCY_SHELTER -> "Emergency shelter (hébergement d'urgence): a bed for the night.";
            case LONG_STAY_HOUSING -> "Longer-stay reintegration housing (hébergement d'insertion).";
            case REST_ROOM -> "Rest room (espace de repos): a place to rest, some open at night.";
            case CONSUMPTION_ROOM -> "Lower-risk consumption room (salle de consommation à moindre risque).";
        };
    }

    private static String eligibility(Eligibility eligibility) {
        if (eligibility == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add(eligibility.acceptsEveryGender() ? "Every gender"
                : eligibility.genders().stream().sorted().map(HsdsFeed::gender).collect(Collectors.joining(", ")) + " only");
        parts.add(eligibility.couples() ? "couples accepted" : "no couples");
        parts.add(eligibility.pets() ? "pets accepted" : "no pets");
        parts.add(eligibility.activeUse() ? "active drug use accepted" : "no active drug use");
        parts.add(eligibility.wheelchair() ? "wheelchair accessible" : "not wheelchair accessible");
        return String.join("; ", parts) + ".";
    }

    private static String gender(Gender gender) {
        return switch (gender) {
            case WOMAN -> "women";
            case MAN -> "men";
            case NON_BINARY -> "non-binary people";
        };
    }

    /**
     * One weekly rule per distinct span (days sharing the same hours share a rule). Times are Paris wall-clock times
     * with the UTC offset in force today (Europe/Paris moves between +01:00 and +02:00; HSDS has no field for a named
     * zone, so the notes name it). A span that crosses midnight keeps its own day in {@code byday} and a
     * {@code closes_at} earlier than {@code opens_at}: it ends the next morning, as its description says. No span at
     * all is Relais's "always open".
     */
    static List<Hsds.Schedule> schedules(UUID serviceId, String facilityId, List<OpeningSpan> spans, Instant now) {
        ZoneOffset offset = OpeningHours.ZONE.getRules().getOffset(now);
        String suffix = offset.getId().equals("Z") ? "Z" : offset.getId();
        Integer timezone = offset.getTotalSeconds() % 3600 == 0 ? offset.getTotalSeconds() / 3600 : null;
        String notes = "Paris local time (Europe/Paris); the UTC offset is the one in force on "
                + LocalDate.ofInstant(now, OpeningHours.ZONE) + ".";
        if (spans == null || spans.isEmpty()) {
            return List.of(new Hsds.Schedule(HsdsIds.of("schedule/" + facilityId + "/always"), serviceId, "WEEKLY", 1, "MO",
                    ALL_DAYS, "00:00" + suffix, "00:00" + suffix, timezone, "Open 24 hours a day, every day.", notes));
        }
        Map<String, EnumSet<DayOfWeek>> byHours = new TreeMap<>();
        for (OpeningSpan span : spans) {
            byHours.computeIfAbsent(HOUR.format(span.opens()) + "-" + HOUR.format(span.closes()),
                    k -> EnumSet.noneOf(DayOfWeek.class)).add(span.day());
        }
        List<Hsds.Schedule> schedules = new ArrayList<>();
        byHours.forEach((hours, days) -> {
            LocalTime opens = LocalTime.parse(hours.substring(0, 5));
            LocalTime closes = LocalTime.parse(hours.substring(6));
            String byday = days.stream().map(HsdsFeed::rfc5545).collect(Collectors.joining(","));
            schedules.add(new Hsds.Schedule(HsdsIds.of("schedule/" + facilityId + "/" + hours), serviceId, "WEEKLY", 1,
                    "MO", byday, hours.substring(0, 5) + suffix, hours.substring(6) + suffix, timezone,
                    describe(days, opens, closes), notes));
        });
        return schedules;
    }

    private static String describe(Set<DayOfWeek> days, LocalTime opens, LocalTime closes) {
        String on = days.size() == 7 ? "Every day"
                : days.stream().map(d -> d.getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH))
                        .collect(Collectors.joining(", "));
        if (opens.equals(closes)) {
            return on + ": open 24 hours from " + HOUR.format(opens) + ", until " + HOUR.format(closes) + " the next day.";
        }
        if (closes.isBefore(opens)) {
            return on + ": opens at " + HOUR.format(opens) + " and closes at " + HOUR.format(closes)
                    + " the next morning (the span crosses midnight).";
        }
        return on + ": open from " + HOUR.format(opens) + " to " + HOUR.format(closes) + ".";
    }

    private static String rfc5545(DayOfWeek day) {
        return day.name().substring(0, 2);
    }

    /** The arrondissement: the one place information a confidential facility publishes too. */
    private static Hsds.ServiceArea area(UUID serviceId, String facilityId, String postalCode) {
        String name = postalCode.matches("750(0[1-9]|1[0-9]|20)")
                ? "Paris " + Integer.parseInt(postalCode.substring(3)) + (postalCode.endsWith("01") ? "er" : "e")
                        + " arrondissement (" + postalCode + ")"
                : postalCode;
        return new Hsds.ServiceArea(HsdsIds.of("service_area/" + facilityId), serviceId, name,
                "The arrondissement (postal code) where the place is.");
    }

    private static List<Hsds.ServiceAtLocation> serviceAtLocations(UUID serviceId, String facilityId, Facility facility) {
        if (facility.address() == null && (facility.latitude() == null || facility.longitude() == null)) {
            return null;
        }
        UUID locationId = HsdsIds.of("location/" + facilityId);
        List<Hsds.Address> addresses = facility.address() == null ? null
                : List.of(new Hsds.Address(HsdsIds.of("address/" + facilityId), locationId,
                        street(facility.address(), facility.arrondissement()), "Paris", "Île-de-France",
                        facility.arrondissement(), "FR", "physical"));
        boolean located = facility.latitude() != null && facility.longitude() != null;
        Hsds.Location location = new Hsds.Location(locationId, "physical", facility.name(),
                located ? facility.latitude() : null, located ? facility.longitude() : null, addresses);
        return List.of(new Hsds.ServiceAtLocation(HsdsIds.of("service_at_location/" + facilityId), serviceId, locationId,
                location));
    }

    /** "27 rue Myrha, 75018 Paris" has its postal code and city in fields of their own: the first line is the street. */
    static String street(String address, String postalCode) {
        String suffix = ", " + postalCode + " paris";
        String trimmed = address.trim();
        return trimmed.toLowerCase(Locale.ROOT).endsWith(suffix) && trimmed.length() > suffix.length()
                ? trimmed.substring(0, trimmed.length() - suffix.length()).trim()
                : trimmed;
    }

    /**
     * The count as {@code service_capacity}: {@code available} is what a patrol may still be offered (free places
     * not held for a referral; none while the facility is inactive), {@code maximum} its total, {@code updated} the
     * moment an operator last vouched for the count. A stale count (not vouched for within the facility's reporting
     * interval) says so in its description and in a {@code relais:stale} attribute, true or false. A count never
     * reported is not published: HSDS requires its time.
     */
    private static List<Hsds.ServiceCapacity> capacities(UUID serviceId, LiveFacility live, Facility facility, Instant now) {
        Availability availability = live.availability();
        if (availability.updatedAt() == null) {
            return null;
        }
        boolean bed = facility.kind() == FacilityKind.EMERGENCY_SHELTER || facility.kind() == FacilityKind.LONG_STAY_HOUSING;
        Hsds.Unit unit = bed ? BED : PLACE;
        UUID id = HsdsIds.of("service_capacity/" + live.id());
        boolean stale = live.stale(now);
        int available = facility.active() ? live.offered() : 0;
        String what = (bed ? "Beds" : "Places") + " free for a new person now (free places not already held for a"
                + " patrol's referral), out of the total.";
        String freshness = stale
                ? " Stale: not reported within the expected interval"
                        + interval(facility.reportingInterval()) + "; treat the count with caution."
                : " Reported within the expected interval" + interval(facility.reportingInterval()) + ".";
        return List.of(new Hsds.ServiceCapacity(id, serviceId, unit, unit.id(), available, availability.total(),
                what + (facility.active() ? "" : " The place is closed: nothing is available.") + freshness,
                DATE_TIME.format(availability.updatedAt()),
                List.of(new Hsds.Attribute(HsdsIds.of("attribute/" + live.id() + "/stale"), id, "relais:stale",
                        "service_capacity", "Count stale", Boolean.toString(stale)))));
    }

    private static String interval(Duration interval) {
        if (interval == null) {
            return "";
        }
        long minutes = interval.toMinutes();
        return " (every " + (minutes % 60 == 0 ? minutes / 60 + " h" : minutes + " min") + ")";
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
