/**
 * Transactions: matching and placing holds, the waitlist, a hold's outcome at the facility, expiry, the copy of
 * facility states, indicators, the daily history and the purge of personal data.
 */
package org.relais.referral.service;
