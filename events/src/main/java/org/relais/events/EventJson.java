package org.relais.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one reader and writer of events on Kafka, for the services and the gateway alike: ISO-8601 times, and a
 * tolerant reader, so that a newer producer adding a field or an enum value breaks no older consumer (the record's
 * {@code schemaVersion} tells incompatible changes apart). An unknown enum value reads as null: each consumer says
 * what it cannot do without (a referral request without a known kind is poison; the board shows a facility of an
 * unknown kind without its kind rather than not at all).
 */
@Singleton
public class EventJson {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .registerModule(new ParameterNamesModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    public String write(Object event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + event.getClass().getName(), e);
        }
    }

    /**
     * The event as JSON, with what its record's headers repeat: its {@code type} (null for a topic with one kind of
     * event) and its {@code occurredAt} (null if it has none).
     */
    public Written writeForRecord(Object event) {
        String json = write(event);
        try {
            JsonNode tree = mapper.readTree(json);
            JsonNode type = tree.path("type");
            JsonNode occurredAt = tree.path("occurredAt");
            return new Written(json, type.isTextual() ? type.asText() : null,
                    occurredAt.isTextual() ? Instant.parse(occurredAt.asText()) : null);
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + event.getClass().getName(), e);
        }
    }

    public record Written(String json, String type, Instant occurredAt) {
    }

    /** Reads an event; a record that is not one is poison and throws {@link PoisonEventException}. */
    public <T> T read(String json, Class<T> type) {
        try {
            T value = mapper.readValue(json, type);
            if (value == null) {
                throw new PoisonEventException("empty record for " + type.getSimpleName());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
