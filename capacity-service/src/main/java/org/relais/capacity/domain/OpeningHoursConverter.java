package org.relais.capacity.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;
import org.relais.events.OpeningSpan;

/** Opening hours as a JSON array in one column: they are always read and written whole. */
@Converter
public class OpeningHoursConverter implements AttributeConverter<List<OpeningSpan>, String> {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TypeReference<List<OpeningSpan>> SPANS = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<OpeningSpan> spans) {
        try {
            return MAPPER.writeValueAsString(spans == null ? List.of() : spans);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("opening hours cannot be written", e);
        }
    }

    @Override
    public List<OpeningSpan> convertToEntityAttribute(String json) {
        try {
            return json == null ? List.of() : List.copyOf(MAPPER.readValue(json, SPANS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("opening hours column is not valid JSON", e);
        }
    }
}
