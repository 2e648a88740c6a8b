package org.relais.referral.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How far matching reaches across the board's arrondissement lines (see {@code domain.Reach}). */
@ConfigMapping(prefix = "relais.matching")
public interface MatchingConfig {

    /**
     * Farthest facility, in metres from the request's position, that a request may be matched to outside its own
     * arrondissement: about half an hour's walk.
     */
    @WithDefault("2500")
    int maxDistance();
}
