package org.relais.patrol.rest;

import org.relais.events.ReferralStatus;

/** Answer to a request or a cancellation: the referral and its status now; what follows comes on the stream. */
public record ReferralAccepted(String id, ReferralStatus status) {
}
