package org.relais.outbox;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the record's value stays the event's JSON, and its headers
 * say what it is, so a consumer (or a tool such as a schema registry or an audit tap) can route or drop a record
 * without parsing it. The JSON keeps its own {@code eventId} and {@code type}; the headers repeat them.
 */
public final class CloudEventHeaders {

    static final String SPEC_VERSION = "1.0";
    static final String CONTENT_TYPE = "application/json";
    private static final String TYPE_PREFIX = "org.relais.";
    private static final String TOPIC_PREFIX = "relais.";

    private CloudEventHeaders() {
    }

    /**
     * The CloudEvents type of an event on {@code topic}: reverse-DNS, the topic's name, then the event's own type
     * when the topic carries several, e.g. {@code org.relais.facility-state.AVAILABILITY_CHANGED}.
     */
    public static String type(String topic, String eventType) {
        String base = TYPE_PREFIX + (topic.startsWith(TOPIC_PREFIX) ? topic.substring(TOPIC_PREFIX.length()) : topic);
        return eventType == null || eventType.isBlank() ? base : base + "." + eventType;
    }

    /** The source of every event a service publishes, e.g. {@code /relais/capacity-service}. */
    public static String source(String applicationName) {
        return "/relais/" + applicationName;
    }

    /** The headers of one record; public so that tests playing a service publish exactly what the relay does. */
    public static Headers of(UUID eventId, String type, String source, OffsetDateTime occurredAt) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, "ce_specversion", SPEC_VERSION);
        add(headers, "ce_id", eventId.toString());
        add(headers, "ce_type", type);
        add(headers, "ce_source", source);
        if (occurredAt != null) {
            add(headers, "ce_time", occurredAt.toInstant().toString());
        }
        add(headers, "content-type", CONTENT_TYPE);
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
