package org.relais.referral.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.relais.events.ReferralStatus;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.Topics;
import org.relais.testing.kafka.TopicReader;

/** Every ReferralStatusEvent published from now on, read back per referral. */
public final class StatusLog implements AutoCloseable {

    private final TopicReader reader = TopicReader.fromEnd(Topics.REFERRAL_STATUS);

    /** The steps of one referral, in publication order (one partition per key). */
    public List<ReferralStatusEvent> of(String referralId) {
        return reader.values(ReferralStatusEvent.class).stream().filter(e -> e.referralId().equals(referralId)).toList();
    }

    public List<ReferralStatus> statuses(String referralId) {
        return of(referralId).stream().map(ReferralStatusEvent::status).toList();
    }

    /** Waits until the referral went through exactly these steps; a timeout shows the steps seen. */
    public void awaitSteps(String referralId, ReferralStatus... steps) {
        await().atMost(RelaisKafka.PATIENCE).untilAsserted(() ->
                assertEquals(List.of(steps), statuses(referralId), "statuses of " + referralId));
    }

    public Optional<ReferralStatusEvent> latest(String referralId) {
        List<ReferralStatusEvent> steps = of(referralId);
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
    }

    /** Current status of each of these referrals that has one. */
    public Map<String, ReferralStatus> current(Collection<String> referralIds) {
        return reader.values(ReferralStatusEvent.class).stream()
                .filter(e -> referralIds.contains(e.referralId()))
                .collect(Collectors.toMap(ReferralStatusEvent::referralId, ReferralStatusEvent::status, (a, b) -> b));
    }

    public long count(Collection<String> referralIds, ReferralStatus status) {
        return current(referralIds).values().stream().filter(s -> s == status).count();
    }

    @Override
    public void close() {
        reader.close();
    }
}
