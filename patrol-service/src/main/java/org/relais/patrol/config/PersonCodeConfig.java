package org.relais.patrol.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Size;

/** The key of the person-code hash. Anyone holding it can test guesses of a code, so it is a secret. */
@ConfigMapping(prefix = "relais.person-code")
public interface PersonCodeConfig {

    /** HMAC-SHA256 key; at least 32 characters so the hash cannot be reversed by trying short codes. */
    @Size(min = 32)
    String secret();
}
