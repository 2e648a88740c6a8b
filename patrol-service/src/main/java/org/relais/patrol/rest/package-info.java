/**
 * The HTTP API ({@code /api/patrols}, {@code /api/referrals}): who may call what; the work is {@code service}'s.
 */
package org.relais.patrol.rest;
