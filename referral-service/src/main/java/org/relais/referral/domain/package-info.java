/**
 * Tables and their queries: referrals and their transitions, the service's copy of each facility's availability
 * and holds, indicators and the daily history.
 */
package org.relais.referral.domain;
