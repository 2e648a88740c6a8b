package org.relais.referral.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.relais.events.Eligibility;
import org.relais.events.EventJson;
import org.relais.events.FacilityKind;
import org.relais.events.Needs;
import org.relais.events.OpeningHours;
import org.relais.events.OpeningSpan;
import org.relais.referral.config.MatchingConfig;
import org.relais.referral.domain.FacilityAvailability;
import org.relais.referral.domain.Reach;
import org.relais.referral.domain.Referral;
import org.relais.referral.domain.WaitingNeeds;

/**
 * Which facilities suit a referral, best first. Pure ranking: holding a place is the conditional update's
 * job, so a ranked facility may still turn out full.
 *
 * <p>Suitable: active, open now (Paris wall clock), of an accepted kind, eligibility accepting the needs, a
 * place offered ({@code free - held > 0}), and within the referral's {@link Reach} (its arrondissement, and across the
 * board's lines by distance or adjacency). Order: with the request's position, the patrol's kind preference, then
 * distance (a facility without coordinates after located ones); without it, the requested arrondissement before the
 * adjacent ones, then kind preference. Then freshness (fresh before stale, then the most recent report), then facility
 * id so the order is stable.
 */
@ApplicationScoped
public class Matcher {

    private final EventJson json;
    private final MatchingConfig config;

    public Matcher(EventJson json, MatchingConfig config) {
        this.json = json;
        this.config = config;
    }

    /** Where this referral may be matched. */
    public Reach reach(Referral referral) {
        return new Reach(referral.arrondissement, referral.latitude, referral.longitude, referral.sameArrondissementOnly,
                config.maxDistance());
    }

    public List<FacilityAvailability> rank(Referral referral, List<FacilityAvailability> offering, Instant now) {
        List<FacilityKind> kinds = referral.preferredKinds();
        Needs needs = referral.needs();
        Reach reach = reach(referral);
        Comparator<FacilityAvailability> byKind = Comparator.comparingInt(f -> kinds.indexOf(f.kind));
        Comparator<FacilityAvailability> byPlace = reach.located()
                ? byKind.thenComparingDouble(f -> distanceOrLast(reach, f))
                : Comparator.<FacilityAvailability>comparingInt(f -> reach.tier(f.arrondissement)).thenComparing(byKind);
        Comparator<FacilityAvailability> order = byPlace
                .thenComparing(f -> f.stale(now))
                .thenComparing(f -> f.updatedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(f -> f.facilityId);
        return offering.stream()
                .filter(f -> f.active && f.offered() > 0 && kinds.contains(f.kind))
                .filter(f -> reach.reaches(f.arrondissement, f.latitude, f.longitude))
                .filter(f -> OpeningHours.isOpen(List.of(json.read(f.openingHours, OpeningSpan[].class)), now))
                .filter(f -> json.read(f.eligibility, Eligibility.class).accepts(needs))
                .sorted(order)
                .toList();
    }

    /**
     * True when one of these waiting referrals could take a place at this facility (ranked for another referral, so
     * already active, open and offering): it accepts their kind and their needs, and is within their reach.
     */
    public boolean anyFits(FacilityAvailability facility, List<WaitingNeeds> waiting) {
        if (waiting.isEmpty()) {
            return false;
        }
        Eligibility eligibility = json.read(facility.eligibility, Eligibility.class);
        return waiting.stream().anyMatch(w -> w.kind() == facility.kind && eligibility.accepts(w.needs())
                && new Reach(w.arrondissement(), w.latitude(), w.longitude(), w.sameArrondissementOnly(),
                        config.maxDistance()).reaches(facility.arrondissement, facility.latitude, facility.longitude));
    }

    /** Metres from the request's position to the facility, rounded; null when either is unknown. */
    public Integer distanceMeters(Referral referral, FacilityAvailability facility) {
        Double distance = reach(referral).distanceMeters(facility.latitude, facility.longitude);
        return distance == null ? null : (int) Math.round(distance);
    }

    /** An unlocated facility comes after every located one. */
    private static double distanceOrLast(Reach reach, FacilityAvailability facility) {
        Double distance = reach.distanceMeters(facility.latitude, facility.longitude);
        return distance == null ? Double.POSITIVE_INFINITY : distance;
    }
}
