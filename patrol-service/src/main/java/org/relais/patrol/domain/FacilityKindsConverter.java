package org.relais.patrol.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.relais.events.FacilityKind;

/** Preferred kinds, in preference order, stored as one comma-separated column ("REST_ROOM,EMERGENCY_SHELTER"). */
@Converter
public class FacilityKindsConverter implements AttributeConverter<List<FacilityKind>, String> {

    @Override
    public String convertToDatabaseColumn(List<FacilityKind> kinds) {
        return kinds == null ? null : kinds.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    @Override
    public List<FacilityKind> convertToEntityAttribute(String column) {
        return column == null || column.isEmpty()
                ? List.of()
                : Arrays.stream(column.split(",")).map(FacilityKind::valueOf).toList();
    }
}
