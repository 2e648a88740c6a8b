package org.relais.referral.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relais.events.Eligibility;
import org.relais.events.EventJson;
import org.relais.events.FacilityKind;
import org.relais.events.Gender;
import org.relais.events.Needs;
import org.relais.events.OpeningSpan;
import org.relais.referral.domain.FacilityAvailability;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.WaitingNeeds;

/** Ranking alone (a unit test: no database, no broker). */
class MatcherTest {

    private static final EventJson JSON = new EventJson();
    /** A Wednesday, 03:00 in Paris. */
    private static final Instant NIGHT = Instant.parse("2026-11-25T02:00:00Z");
    private static final Eligibility EVERYONE = new Eligibility(Set.of(), true, true, true, true);

    private static final Needs NO_NEEDS = new Needs(null, false, false, false, false);

    private final Matcher matcher = new Matcher(JSON, () -> 2500);

    @Test
    void kindPreferenceThenDistanceThenFreshness() {
        Referral referral = referral(List.of(FacilityKind.REST_ROOM, FacilityKind.EMERGENCY_SHELTER), 48.8867, 2.3431);
        FacilityAvailability shelterNear = facility("shelter-near", FacilityKind.EMERGENCY_SHELTER, 48.8868, 2.3432, NIGHT);
        FacilityAvailability restFar = facility("rest-far", FacilityKind.REST_ROOM, 48.8500, 2.4000, NIGHT);
        FacilityAvailability restNear = facility("rest-near", FacilityKind.REST_ROOM, 48.8870, 2.3440, NIGHT);
        FacilityAvailability restUnlocated = facility("rest-unlocated", FacilityKind.REST_ROOM, null, null, NIGHT);

        assertEquals(List.of("rest-near", "rest-far", "rest-unlocated", "shelter-near"),
                ids(matcher.rank(referral, List.of(shelterNear, restFar, restUnlocated, restNear), NIGHT)));
    }

    @Test
    void withoutCoordinatesFreshBeatsStale() {
        Referral referral = referral(List.of(FacilityKind.EMERGENCY_SHELTER), null, null);
        FacilityAvailability stale = facility("stale", FacilityKind.EMERGENCY_SHELTER, 48.88, 2.35, NIGHT.minusSeconds(3 * 3600));
        FacilityAvailability neverReported = facility("never", FacilityKind.EMERGENCY_SHELTER, 48.88, 2.35, null);
        FacilityAvailability fresh = facility("fresh", FacilityKind.EMERGENCY_SHELTER, 48.88, 2.35, NIGHT.minusSeconds(600));

        assertEquals(List.of("fresh", "stale", "never"), ids(matcher.rank(referral, List.of(neverReported, stale, fresh), NIGHT)));
    }

    @Test
    void closedIneligibleFullOrOtherKindsAreLeftOut() {
        Referral referral = referral(List.of(FacilityKind.REST_ROOM), null, null);
        referral.gender = Gender.WOMAN;
        referral.pet = true;
        FacilityAvailability openAtNight = facility("night", FacilityKind.REST_ROOM, null, null, NIGHT);
        openAtNight.openingHours = JSON.write(List.of(new OpeningSpan(DayOfWeek.TUESDAY, LocalTime.of(22, 0), LocalTime.of(7, 0))));
        FacilityAvailability openByDay = facility("day", FacilityKind.REST_ROOM, null, null, NIGHT);
        openByDay.openingHours = JSON.write(List.of(new OpeningSpan(DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(18, 0))));
        FacilityAvailability menOnly = facility("men", FacilityKind.REST_ROOM, null, null, NIGHT);
        menOnly.eligibility = JSON.write(new Eligibility(Set.of(Gender.MAN), true, true, true, true));
        FacilityAvailability noPets = facility("no-pets", FacilityKind.REST_ROOM, null, null, NIGHT);
        noPets.eligibility = JSON.write(new Eligibility(Set.of(), true, false, true, true));
        FacilityAvailability full = facility("full", FacilityKind.REST_ROOM, null, null, NIGHT);
        full.held = full.free;
        FacilityAvailability shelter = facility("shelter", FacilityKind.EMERGENCY_SHELTER, null, null, NIGHT);

        assertEquals(List.of("night"),
                ids(matcher.rank(referral, List.of(openByDay, menOnly, noPets, full, shelter, openAtNight), NIGHT)));
    }


    @Test
    void acrossTheLineByDistanceWithinTheMaximum() {
        Referral referral = referral(List.of(FacilityKind.EMERGENCY_SHELTER), 48.8840, 2.3660);
        referral.arrondissement = "75019";
        FacilityAvailability own = facility("own-far", FacilityKind.EMERGENCY_SHELTER, 48.8790, 2.3950, NIGHT);
        own.arrondissement = "75019";
        FacilityAvailability across = facility("across-near", FacilityKind.EMERGENCY_SHELTER, 48.8880, 2.3560, NIGHT);
        across.arrondissement = "75018";
        FacilityAvailability tooFar = facility("too-far", FacilityKind.EMERGENCY_SHELTER, 48.8600, 2.4000, NIGHT);
        tooFar.arrondissement = "75020";
        FacilityAvailability offBoard = facility("off-board", FacilityKind.EMERGENCY_SHELTER, 48.8841, 2.3661, NIGHT);
        offBoard.arrondissement = "75010";

        assertEquals(List.of("across-near", "own-far"),
                ids(matcher.rank(referral, List.of(own, across, tooFar, offBoard), NIGHT)));
        assertEquals(856, matcher.distanceMeters(referral, across), 5);

        referral.sameArrondissementOnly = true;
        assertEquals(List.of("own-far"), ids(matcher.rank(referral, List.of(own, across, tooFar, offBoard), NIGHT)));
    }

    @Test
    void withoutPositionOwnArrondissementBeforeAdjacentBeforeKind() {
        Referral referral = referral(List.of(FacilityKind.REST_ROOM, FacilityKind.EMERGENCY_SHELTER), null, null);
        referral.arrondissement = "75018";
        FacilityAvailability ownShelter = facility("own-shelter", FacilityKind.EMERGENCY_SHELTER, null, null, NIGHT);
        FacilityAvailability nextRest = facility("next-rest", FacilityKind.REST_ROOM, 48.88, 2.37, NIGHT);
        nextRest.arrondissement = "75019";
        FacilityAvailability notAdjacent = facility("not-adjacent", FacilityKind.REST_ROOM, 48.86, 2.40, NIGHT);
        notAdjacent.arrondissement = "75020";

        assertEquals(List.of("own-shelter", "next-rest"),
                ids(matcher.rank(referral, List.of(notAdjacent, nextRest, ownShelter), NIGHT)));
    }

    @Test
    void aWaitingReferralOnlyClaimsPlacesWithinItsReach() {
        FacilityAvailability across = facility("across", FacilityKind.EMERGENCY_SHELTER, 48.8880, 2.3560, NIGHT);
        WaitingNeeds near = new WaitingNeeds(FacilityKind.EMERGENCY_SHELTER, NO_NEEDS, "75019", 48.8840, 2.3660, false);
        WaitingNeeds restricted = new WaitingNeeds(FacilityKind.EMERGENCY_SHELTER, NO_NEEDS, "75019", 48.8840, 2.3660, true);
        WaitingNeeds farAway = new WaitingNeeds(FacilityKind.EMERGENCY_SHELTER, NO_NEEDS, "75020", 48.8600, 2.4000, false);

        assertEquals(true, matcher.anyFits(across, List.of(near)));
        assertEquals(false, matcher.anyFits(across, List.of(restricted, farAway)));
    }

    @Test
    void anInactiveFacilityIsLeftOutAndTiesGoToTheLatestReportThenTheId() {
        Referral referral = referral(List.of(FacilityKind.EMERGENCY_SHELTER), null, null);
        FacilityAvailability inactive = facility("a-inactive", FacilityKind.EMERGENCY_SHELTER, null, null, NIGHT);
        inactive.active = false;
        FacilityAvailability older = facility("b-older", FacilityKind.EMERGENCY_SHELTER, null, null, NIGHT.minusSeconds(1200));
        FacilityAvailability lastById = facility("z-tie", FacilityKind.EMERGENCY_SHELTER, null, null, NIGHT.minusSeconds(600));
        FacilityAvailability firstById = facility("c-tie", FacilityKind.EMERGENCY_SHELTER, null, null, NIGHT.minusSeconds(600));

        assertEquals(List.of("c-tie", "z-tie", "b-older"),
                ids(matcher.rank(referral, List.of(inactive, older, lastById, firstById), NIGHT)));
    }

    @Test
    void aWaitingReferralOnlyClaimsPlacesOfItsKindThatAcceptItsNeeds() {
        FacilityAvailability womenOnly = facility("women", FacilityKind.EMERGENCY_SHELTER, 48.8880, 2.3560, NIGHT);
        womenOnly.eligibility = JSON.write(new Eligibility(Set.of(Gender.WOMAN), false, false, true, true));
        Needs woman = new Needs(Gender.WOMAN, false, false, false, false);
        Needs man = new Needs(Gender.MAN, false, false, false, false);
        Needs womanWithADog = new Needs(Gender.WOMAN, false, true, false, false);

        assertEquals(false, matcher.anyFits(womenOnly, List.of()));
        assertEquals(false, matcher.anyFits(womenOnly, List.of(waiting(FacilityKind.REST_ROOM, woman),
                waiting(FacilityKind.EMERGENCY_SHELTER, man), waiting(FacilityKind.EMERGENCY_SHELTER, womanWithADog))));
        assertEquals(true, matcher.anyFits(womenOnly, List.of(waiting(FacilityKind.EMERGENCY_SHELTER, man),
                waiting(FacilityKind.EMERGENCY_SHELTER, woman))));
    }

    private static WaitingNeeds waiting(FacilityKind kind, Needs needs) {
        return new WaitingNeeds(kind, needs, "75018", 48.8880, 2.3560, false);
    }

    private static Referral referral(List<FacilityKind> kinds, Double latitude, Double longitude) {
        Referral referral = new Referral();
        referral.id = "r";
        referral.arrondissement = "75018";
        referral.kinds = kinds.stream().map(Enum::name).toArray(String[]::new);
        referral.latitude = latitude;
        referral.longitude = longitude;
        return referral;
    }

    private static FacilityAvailability facility(String id, FacilityKind kind, Double latitude, Double longitude, Instant updatedAt) {
        FacilityAvailability facility = new FacilityAvailability();
        facility.facilityId = id;
        facility.arrondissement = "75018";
        facility.kind = kind;
        facility.latitude = latitude;
        facility.longitude = longitude;
        facility.openingHours = "[]";
        facility.eligibility = JSON.write(EVERYONE);
        facility.reportingIntervalSeconds = Duration.ofHours(2).toSeconds();
        facility.active = true;
        facility.free = 2;
        facility.total = 4;
        facility.updatedAt = updatedAt;
        return facility;
    }

    private static List<String> ids(List<FacilityAvailability> ranked) {
        return ranked.stream().map(f -> f.facilityId).toList();
    }
}
