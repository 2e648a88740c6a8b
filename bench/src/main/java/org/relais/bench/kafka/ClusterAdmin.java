package org.relais.bench.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What a cluster chaos run asks the brokers: which node is the active KRaft controller, which consumers of a group
 * hold partitions, and whether every replica is back in sync. Through the admin client, over all brokers, so any
 * one of them may be down.
 */
public final class ClusterAdmin implements AutoCloseable {

    private final Admin admin;

    public ClusterAdmin(String bootstrap) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"));
    }

    /** The node id of the KRaft quorum's leader: the active controller. */
    public int controller() throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
    }

    /** Members of a consumer group (member id -> partitions it holds); empty while it rebalances with none assigned. */
    public Map<String, Integer> members(String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(10, TimeUnit.SECONDS);
        Map<String, Integer> members = new HashMap<>();
        for (MemberDescription m : d.members()) {
            members.put(m.consumerId(), m.assignment().topicPartitions().size());
        }
        return members;
    }

    /** Partitions of these topics with fewer in-sync replicas than replicas, and how many partitions {@code node} leads. */
    public record Replicas(int underReplicated, int ledBy) {
    }

    public Replicas replicas(Collection<String> topics, int node) throws Exception {
        Map<String, TopicDescription> all = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        int under = 0;
        int led = 0;
        for (TopicDescription t : all.values()) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (p.isr().size() < p.replicas().size()) {
                    under++;
                }
                if (p.leader() != null && p.leader().id() == node) {
                    led++;
                }
            }
        }
        return new Replicas(under, led);
    }

    @Override
    public void close() {
        admin.close();
    }
}
