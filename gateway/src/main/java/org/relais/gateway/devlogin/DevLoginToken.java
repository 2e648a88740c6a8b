package org.relais.gateway.devlogin;

import java.time.Instant;

/** A bearer token from the local sign-in. */
public record DevLoginToken(String token, Instant expiresAt) {
}
