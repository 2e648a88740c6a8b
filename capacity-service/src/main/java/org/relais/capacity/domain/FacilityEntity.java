package org.relais.capacity.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.relais.events.Eligibility;
import org.relais.events.Facility;
import org.relais.events.FacilityKind;
import org.relais.events.Gender;
import org.relais.events.OpeningSpan;

/** A facility as its operator describes it. Its count lives in {@link AvailabilityEntity}. */
@Entity
@Table(name = "facility")
public class FacilityEntity extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    @Enumerated(EnumType.STRING)
    public FacilityKind kind;

    public String arrondissement;

    public String address;

    public Double latitude;

    public Double longitude;

    @Column(name = "opening_hours")
    @Convert(converter = OpeningHoursConverter.class)
    public List<OpeningSpan> openingHours;

    @Convert(converter = GendersConverter.class)
    public Set<Gender> genders;

    public boolean couples;

    public boolean pets;

    @Column(name = "active_use")
    public boolean activeUse;

    public boolean wheelchair;

    @Column(name = "reporting_interval_seconds")
    @Convert(converter = DurationSecondsConverter.class)
    public Duration reportingInterval;

    public boolean active;

    /** Address and position are never published, and shown only to those entitled to them. */
    @Column(name = "confidential_address")
    public boolean confidentialAddress;

    @Column(name = "created_at")
    public Instant createdAt;

    public static FacilityEntity register(Facility facility, Instant now) {
        FacilityEntity entity = new FacilityEntity();
        entity.id = facility.id();
        entity.createdAt = now;
        entity.describe(facility);
        return entity;
    }

    /** Replaces the description with {@code facility} (its id is ignored: an id never changes). */
    public void describe(Facility facility) {
        name = facility.name();
        kind = facility.kind();
        arrondissement = facility.arrondissement();
        address = facility.address();
        latitude = facility.latitude();
        longitude = facility.longitude();
        openingHours = List.copyOf(facility.openingHours());
        Eligibility eligibility = facility.eligibility();
        genders = Set.copyOf(eligibility.genders());
        couples = eligibility.couples();
        pets = eligibility.pets();
        activeUse = eligibility.activeUse();
        wheelchair = eligibility.wheelchair();
        reportingInterval = facility.reportingInterval();
        active = facility.active();
        confidentialAddress = facility.confidentialAddress();
    }

    public Facility toFacility() {
        return new Facility(id, name, kind, arrondissement, address, latitude, longitude, List.copyOf(openingHours),
                new Eligibility(GendersConverter.sorted(genders), couples, pets, activeUse, wheelchair),
                reportingInterval, active, confidentialAddress);
    }
}
