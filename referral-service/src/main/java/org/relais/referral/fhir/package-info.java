/**
 * The FHIR R4 partner view: referrals as {@code Task}, facilities as {@code HealthcareService}, read-only and
 * without anything about a person; served by {@code rest.FhirResource}.
 */
package org.relais.referral.fhir;
