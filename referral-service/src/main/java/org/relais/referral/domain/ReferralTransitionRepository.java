package org.relais.referral.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ReferralTransitionRepository implements PanacheRepositoryBase<ReferralTransition, Long> {
}
