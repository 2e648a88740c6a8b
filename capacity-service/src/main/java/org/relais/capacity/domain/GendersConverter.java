package org.relais.capacity.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.relais.events.Gender;

/** Accepted genders as a comma list ("WOMAN,NON_BINARY") in enum order, so equal sets store equal text. */
@Converter
public class GendersConverter implements AttributeConverter<Set<Gender>, String> {

    @Override
    public String convertToDatabaseColumn(Set<Gender> genders) {
        return sorted(genders).stream().map(Gender::name).collect(Collectors.joining(","));
    }

    @Override
    public Set<Gender> convertToEntityAttribute(String column) {
        if (column == null || column.isBlank()) {
            return Set.of();
        }
        return sorted(Arrays.stream(column.split(",")).map(Gender::valueOf).collect(Collectors.toSet()));
    }

    /** An unmodifiable set in enum order, so views and events list genders the same way every time. */
    static Set<Gender> sorted(Set<Gender> genders) {
        if (genders == null || genders.isEmpty()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(EnumSet.copyOf(genders)));
    }
}
