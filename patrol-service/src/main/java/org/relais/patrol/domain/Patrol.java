package org.relais.patrol.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An outreach patrol team ("maraude") with its home arrondissement. Seeded by Flyway. */
@Entity
public class Patrol extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    public String arrondissement;
}
