package org.relais.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static final String FACILITY = """
            {"eligibility":{"id":"nested","free":99},"openingHours":[{"day":"MONDAY","free":7}],
             "id" : "bench-00001-00042", "name":"Say \\"hi\\" \\u00e9", "free":12, "held":0, "version":345,
             "latitude":null, "stale":false}""";

    @Test
    void readsTopLevelFieldsOnly() {
        assertEquals("bench-00001-00042", JsonFields.get(FACILITY, "id"));
        assertEquals(12, JsonFields.getLong(FACILITY, "free", -1));
        assertEquals(345, JsonFields.getLong(FACILITY, "version", -1));
        assertEquals("false", JsonFields.get(FACILITY, "stale"));
    }

    @Test
    void unescapesStringsAndTreatsNullAsAbsent() {
        assertEquals("Say \"hi\" é", JsonFields.get(FACILITY, "name"));
        assertNull(JsonFields.get(FACILITY, "latitude"));
        assertNull(JsonFields.get(FACILITY, "missing"));
        assertEquals(-1, JsonFields.getLong(FACILITY, "name", -1));
    }

    @Test
    void returnsNestedValuesRaw() {
        assertEquals("{\"id\":\"nested\",\"free\":99}", JsonFields.get(FACILITY, "eligibility"));
        assertEquals("[{\"day\":\"MONDAY\",\"free\":7}]", JsonFields.get(FACILITY, "openingHours"));
    }
}
