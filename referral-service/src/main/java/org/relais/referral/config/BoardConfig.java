package org.relais.referral.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * The board: the arrondissements Relais serves. Requests from anywhere else (the bench's and the tests' own areas)
 * are matched as usual but are not demand on the board, so the indicators leave them out unless asked by name.
 */
@ConfigMapping(prefix = "relais.board")
public interface BoardConfig {

    /** 5-digit postal codes, in display order. */
    @WithDefault("75018,75019,75020")
    List<String> arrondissements();
}
