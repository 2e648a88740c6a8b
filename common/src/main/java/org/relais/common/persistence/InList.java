package org.relais.common.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * An HQL {@code in} list with one positional parameter per value. Hibernate translates a query bound to a collection
 * ({@code in ?1}) to SQL again at every execution (a plan with a multi-valued parameter is never cached); with one
 * parameter per value, each shape of the query is translated once. The values are padded to a power of two with the
 * last one again (the same rows), so that lists of any length share a few shapes.
 */
public final class InList {

    private InList() {
    }

    /**
     * {@code (?n, ?n+1, ...)}: appends the distinct values, padded, to {@code parameters} (whose size so far numbers
     * the first) and returns the list to write after {@code in}. {@code values} must not be empty.
     */
    public static String of(Collection<?> values, List<Object> parameters) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an in list needs at least one value");
        }
        List<Object> padded = new ArrayList<>(new LinkedHashSet<>(values));
        while (Integer.bitCount(padded.size()) != 1) {
            padded.add(padded.get(padded.size() - 1));
        }
        StringBuilder in = new StringBuilder("(");
        for (Object value : padded) {
            parameters.add(value);
            in.append(in.length() > 1 ? ", ?" : "?").append(parameters.size());
        }
        return in.append(')').toString();
    }
}
