/**
 * The HTTP API: the facility's side of holds (arrival, decline, active holds), indicators, the daily history and
 * the FHIR read API.
 */
package org.relais.referral.rest;
