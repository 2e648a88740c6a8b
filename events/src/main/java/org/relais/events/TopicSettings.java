package org.relais.events;

import java.util.List;
import java.util.Map;

/**
 * How each topic of {@link Topics} is created: partitions and topic-level settings, the one list on the Java side
 * (the test infrastructure of the testing module creates its topics from it). The launcher (deploy/relais, its
 * TOPICS list and COMPACTION_LAG_MS) mirrors it for the platform's broker: change both together.
 *
 * @param name a name from {@link Topics}
 * @param partitions partition count; per-key order holds within a partition
 * @param configs topic-level settings, e.g. {@code cleanup.policy}
 */
public record TopicSettings(String name, int partitions, Map<String, String> configs) {

    /**
     * Compaction leaves a record alone for an hour, far above a consumer's normal delay, so that a consumer less than
     * an hour behind reads every state record of a facility, not only the latest one.
     */
    public static final long COMPACTION_LAG_MS = 3_600_000L;

    /** Every topic of the platform. */
    public static final List<TopicSettings> ALL = List.of(
            compacted(Topics.FACILITY_STATE, 6),
            compacted(Topics.FACILITY_HOLDS, 6),
            deleted(Topics.REFERRAL_REQUESTS, 6),
            deleted(Topics.REFERRAL_STATUS, 6),
            deleted(Topics.DEAD_LETTER, 1));

    public TopicSettings {
        configs = Map.copyOf(configs);
    }

    /** Keyed by facility: compaction keeps each facility's latest record. */
    private static TopicSettings compacted(String name, int partitions) {
        return new TopicSettings(name, partitions, Map.of(
                "cleanup.policy", "compact",
                "min.compaction.lag.ms", Long.toString(COMPACTION_LAG_MS)));
    }

    private static TopicSettings deleted(String name, int partitions) {
        return new TopicSettings(name, partitions, Map.of("cleanup.policy", "delete"));
    }
}
