package org.relais.gateway.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

/**
 * Reads facility events tolerantly (unknown fields and enum values ignored), so a newer producer adding a
 * field never blinds the board. The gateway has no database, hence no dependency on the outbox module's
 * EventJson; this starts from the application's mapper (ISO times, records) and relaxes it.
 */
@Singleton
public class EventReader {

    private final ObjectMapper mapper;

    public EventReader(ObjectMapper applicationMapper) {
        this.mapper = applicationMapper.copy()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
    }

    /** Reads one record; throws {@link IllegalArgumentException} for anything that is not a {@code type}. */
    public <T> T read(String json, Class<T> type) {
        try {
            T value = mapper.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException("empty record for " + type.getSimpleName());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName(), e);
        }
    }
}
