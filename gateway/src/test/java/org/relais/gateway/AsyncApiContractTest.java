package org.relais.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relais.events.FacilityHoldsEvent;
import org.relais.events.FacilityStateEvent;
import org.relais.events.Ids;
import org.relais.events.ReferralRequestEvent;
import org.relais.events.ReferralStatusEvent;
import org.relais.events.TopicSettings;
import org.relais.events.Topics;

/**
 * The event contract (META-INF/asyncapi.yaml, written by hand) against the code, both ways: every topic of
 * {@link Topics} is a channel and every channel a topic, with the bindings of {@link TopicSettings}; every component of
 * every event record is a property of its payload schema with a compatible JSON type (enums with exactly the Java
 * constants, times as date-time strings), and every property is a component; every message carries the CloudEvents
 * headers with the type the outbox relay gives it; every consumer and dead-letter producer configured in a service's
 * application.properties has its operation, and every operation of theirs is configured.
 */
class AsyncApiContractTest {

    /** What each topic carries: the one statement of the contract the events module makes only in its Javadoc. */
    private static final Map<String, Class<?>> VALUES = Map.of(
            Topics.FACILITY_STATE, FacilityStateEvent.class,
            Topics.FACILITY_HOLDS, FacilityHoldsEvent.class,
            Topics.REFERRAL_REQUESTS, ReferralRequestEvent.class,
            Topics.REFERRAL_STATUS, ReferralStatusEvent.class);
    /** Keys: facility topics by facility id, referral topics by referral id (a UUID); dead letters keep the original's. */
    private static final Map<String, String> KEYS = Map.of(
            Topics.FACILITY_STATE, "facility", Topics.FACILITY_HOLDS, "facility",
            Topics.REFERRAL_REQUESTS, "referral", Topics.REFERRAL_STATUS, "referral");
    /** Kafka's default retention, which the launcher's broker keeps (log.retention.hours=168): TopicSettings sets none. */
    private static final long BROKER_RETENTION_MS = Duration.ofDays(7).toMillis();
    /** Replicas on the launcher's broker and the tests' (RELAIS_TOPIC_REPLICATION, 3 in a cluster). */
    private static final int LOCAL_REPLICAS = 1;
    private static final List<String> CLOUD_EVENT_HEADERS = List.of("ce_specversion", "ce_id", "ce_type", "ce_source",
            "ce_time", "content-type");
    /** The services that consume with SmallRye channels, each configured in its application.properties. */
    private static final List<String> CHANNEL_SERVICES = List.of("capacity-service", "referral-service", "patrol-service");

    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = AsyncApiContractTest.class.getResourceAsStream("/META-INF/asyncapi.yaml")) {
            assertNotNull(in, "META-INF/asyncapi.yaml is on the classpath");
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        assertTrue(document.path("asyncapi").asText().startsWith("3.0."), "an AsyncAPI 3.0 document");
    }

    @Test
    void everyTopicIsAChannelAndEveryChannelATopic() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        Set<String> settled = TopicSettings.ALL.stream().map(TopicSettings::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(topics, settled, "every topic has its settings");
        Set<String> channels = new TreeSet<>();
        document.path("channels").forEach(channel -> {
            String address = channel.path("address").asText();
            channels.add(address);
            assertEquals(address, channel.at("/bindings/kafka/topic").asText(), address + ": binding's topic");
        });
        assertEquals(topics, channels, "channels are exactly the topics");
        assertEquals(topics.size(), document.path("channels").size(), "one channel per topic");
        Set<String> valued = new TreeSet<>(VALUES.keySet());
        valued.add(Topics.DEAD_LETTER);
        assertEquals(topics, valued, "this test knows what each topic carries");
    }

    @Test
    void bindingsAreTheTopicSettings() {
        for (TopicSettings settings : TopicSettings.ALL) {
            JsonNode kafka = channel(settings.name()).at("/bindings/kafka");
            String where = settings.name() + " bindings: ";
            assertEquals(settings.partitions(), kafka.path("partitions").asInt(-1), where + "partitions");
            assertEquals(LOCAL_REPLICAS, kafka.path("replicas").asInt(-1), where + "replicas");
            JsonNode configuration = kafka.path("topicConfiguration");
            Map<String, String> expected = new HashMap<>(settings.configs());
            String policy = expected.remove("cleanup.policy");
            assertNotNull(policy, where + "TopicSettings names a cleanup policy");
            assertEquals(List.of(policy), texts(configuration.path("cleanup.policy")), where + "cleanup.policy");
            if (policy.equals("delete")) {
                // Documented so a consumer knows how far back it may read.
                expected.put("retention.ms", Long.toString(BROKER_RETENTION_MS));
            }
            Map<String, String> documented = new HashMap<>();
            configuration.fields().forEachRemaining(e -> documented.put(e.getKey(), e.getValue().asText()));
            documented.remove("cleanup.policy");
            assertEquals(expected, documented, where + "topic configuration");
        }
    }

    @Test
    void payloadsAreTheEventRecordsBothWays() {
        for (Map.Entry<String, Class<?>> topic : VALUES.entrySet()) {
            Class<?> value = topic.getValue();
            List<JsonNode> payloads = messages(topic.getKey()).stream().map(m -> resolve(m.path("payload"))).toList();
            if (value.isSealed()) {
                // A polymorphic event: one message per subtype, told apart by the type id Jackson writes.
                JsonTypeInfo info = value.getAnnotation(JsonTypeInfo.class);
                assertNotNull(info, value.getSimpleName() + " names its type property");
                Map<String, Class<?>> subtypes = new HashMap<>();
                for (JsonSubTypes.Type subtype : value.getAnnotation(JsonSubTypes.class).value()) {
                    subtypes.put(subtype.name(), subtype.value());
                }
                assertEquals(Set.of(value.getPermittedSubclasses()), new HashSet<>(subtypes.values()),
                        value.getSimpleName() + ": every subtype is named for Jackson");
                Map<String, JsonNode> byType = new HashMap<>();
                for (JsonNode payload : payloads) {
                    String typeId = payload.at("/properties/" + info.property() + "/const").asText();
                    assertTrue(subtypes.containsKey(typeId), topic.getKey() + ": a payload of no subtype, " + typeId);
                    byType.put(typeId, payload);
                }
                assertEquals(subtypes.keySet(), byType.keySet(), topic.getKey() + ": one message per subtype");
                assertEquals(subtypes.size(), payloads.size(), topic.getKey() + ": one message per subtype");
                subtypes.forEach((typeId, type) -> checkRecord(type, byType.get(typeId), type.getSimpleName(),
                        info.property(), schemaVersion(value)));
            } else {
                assertEquals(1, payloads.size(), topic.getKey() + ": one message");
                checkRecord(value, payloads.get(0), value.getSimpleName(), null, schemaVersion(value));
            }
        }
    }

    @Test
    void everyEventMessageCarriesTheCloudEventsHeaders() {
        JsonNode common = document.at("/components/schemas/CloudEventHeaders");
        assertEquals(new TreeSet<>(CLOUD_EVENT_HEADERS), names(common.path("properties")), "CloudEvents headers");
        assertEquals(new TreeSet<>(CLOUD_EVENT_HEADERS), new TreeSet<>(texts(common.path("required"))), "all required");
        assertEquals("1.0", common.at("/properties/ce_specversion/const").asText());
        assertEquals("application/json", common.at("/properties/content-type/const").asText());
        for (Map.Entry<String, Class<?>> topic : VALUES.entrySet()) {
            Set<String> types = new TreeSet<>();
            Set<String> sources = new TreeSet<>();
            for (JsonNode message : messages(topic.getKey())) {
                JsonNode headers = message.path("headers");
                List<JsonNode> parts = StreamSupport.stream(headers.path("allOf").spliterator(), false).toList();
                assertTrue(parts.stream().anyMatch(p -> p.path("$ref").asText().equals("#/components/schemas/CloudEventHeaders")),
                        topic.getKey() + ": headers include the CloudEvents ones");
                for (JsonNode part : parts) {
                    JsonNode type = part.at("/properties/ce_type");
                    if (!type.isMissingNode()) {
                        types.addAll(type.has("const") ? List.of(type.path("const").asText()) : texts(type.path("enum")));
                        sources.add(part.at("/properties/ce_source/const").asText());
                    }
                }
            }
            assertEquals(cloudEventTypes(topic.getKey(), topic.getValue()), types, topic.getKey() + ": ce_type");
            Set<String> expectedSources = sendingServices(topic.getKey()).stream().map(s -> "/relais/" + s)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expectedSources, sources, topic.getKey() + ": ce_source is the sending service's");
        }
    }

    @Test
    void keysAreDocumented() {
        for (Map.Entry<String, String> topic : KEYS.entrySet()) {
            for (JsonNode message : messages(topic.getKey())) {
                JsonNode key = resolve(message.at("/bindings/kafka/key"));
                assertEquals("string", key.path("type").asText(), topic.getKey() + ": key type");
                if (topic.getValue().equals("facility")) {
                    assertEquals(Ids.PATTERN, key.path("pattern").asText(), topic.getKey() + ": a facility id");
                } else {
                    assertEquals("uuid", key.path("format").asText(), topic.getKey() + ": a referral id");
                }
            }
        }
        JsonNode deadLetter = messages(Topics.DEAD_LETTER).get(0);
        assertFalse(deadLetter.at("/bindings/kafka/key").isMissingNode(), "dead letters: key documented");
    }

    /**
     * Operations: each names its one service in a tag and sends or receives messages of its own channel; each
     * channel has a sender; and the consumers and dead-letter queues the three database services configure are
     * exactly their receive operations and their sends to the dead-letter topic.
     */
    @Test
    void operationsAreTheServicesConsumersAndProducers() throws IOException {
        Set<String> services = new TreeSet<>();
        document.path("info").path("tags").forEach(t -> services.add(t.path("name").asText()));
        Set<String> configuredReceives = new TreeSet<>();
        Set<String> configuredDeadLetters = new TreeSet<>();
        // Every channel starts from the outbox module's connector defaults; a service's own lines override them.
        Properties defaults = properties(Path.of("..", "outbox", "src/main/resources/META-INF/microprofile-config.properties"));
        String connector = "mp.messaging.connector.smallrye-kafka.";
        for (String service : CHANNEL_SERVICES) {
            Properties properties = properties(Path.of("..", service, "src/main/resources/application.properties"));
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".topic")
                        && !name.endsWith(".dead-letter-queue.topic")) {
                    configuredReceives.add(service + " " + properties.getProperty(name));
                    String channel = name.substring(0, name.length() - "topic".length());
                    String failureStrategy = properties.getProperty(channel + "failure-strategy",
                            defaults.getProperty(connector + "failure-strategy"));
                    if ("dead-letter-queue".equals(failureStrategy)) {
                        configuredDeadLetters.add(service + " " + properties.getProperty(channel + "dead-letter-queue.topic",
                                defaults.getProperty(connector + "dead-letter-queue.topic")));
                    }
                }
            }
        }
        assertFalse(configuredReceives.isEmpty(), "the services' consumers were found");
        Set<String> documentedReceives = new TreeSet<>();
        Set<String> documentedDeadLetters = new TreeSet<>();
        Set<String> sent = new TreeSet<>();
        document.path("operations").fields().forEachRemaining(entry -> {
            JsonNode operation = entry.getValue();
            String name = entry.getKey();
            List<String> tags = new ArrayList<>();
            operation.path("tags").forEach(t -> tags.add(t.path("name").asText()));
            assertEquals(1, tags.size(), name + ": one service tag");
            String service = tags.get(0);
            assertTrue(services.contains(service), name + ": a service of info.tags, " + service);
            String channelRef = operation.at("/channel/$ref").asText();
            assertTrue(channelRef.startsWith("#/channels/"), name + ": its channel");
            String channelName = channelRef.substring("#/channels/".length());
            String topic = document.path("channels").path(channelName).path("address").asText();
            assertFalse(topic.isEmpty(), name + ": channel " + channelName + " exists");
            assertTrue(operation.path("messages").size() > 0, name + ": its messages");
            operation.path("messages").forEach(m -> assertTrue(
                    m.path("$ref").asText().startsWith(channelRef + "/messages/"), name + ": a message of its channel"));
            String action = operation.path("action").asText();
            if (action.equals("send")) {
                sent.add(topic);
                if (topic.equals(Topics.DEAD_LETTER)) {
                    documentedDeadLetters.add(service + " " + topic);
                }
            } else {
                assertEquals("receive", action, name + ": send or receive");
                if (CHANNEL_SERVICES.contains(service)) {
                    documentedReceives.add(service + " " + topic);
                }
            }
        });
        assertEquals(new TreeSet<>(VALUES.keySet()).size() + 1, sent.size(), "every topic has a sender");
        assertEquals(configuredReceives, documentedReceives, "receive operations are the services' consumers");
        assertEquals(configuredDeadLetters, documentedDeadLetters, "dead-letter sends are the services' dead-letter queues");
    }

    // --- records against schemas -------------------------------------------------------------------------------

    /** Every component is a property with a compatible type, and every property a component (or the type id). */
    private static void checkRecord(Class<?> type, JsonNode schema, String where, String typeProperty, Integer schemaVersion) {
        assertTrue(type.isRecord(), where + ": " + type.getName() + " is a record");
        assertEquals("object", schema.path("type").asText(), where + ": an object");
        JsonNode properties = schema.path("properties");
        Set<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(components);
        if (typeProperty != null) {
            expected.add(typeProperty);
        }
        assertEquals(expected, names(properties), where + ": properties are the record's components");
        Set<String> required = new TreeSet<>(texts(schema.path("required")));
        assertTrue(expected.containsAll(required), where + ": required names only properties, " + required);
        for (RecordComponent component : type.getRecordComponents()) {
            checkType(component.getGenericType(), properties.path(component.getName()), where + "." + component.getName());
        }
        if (schemaVersion != null) {
            assertEquals(schemaVersion.intValue(), properties.at("/schemaVersion/const").asInt(-1), where + ": schemaVersion");
            for (String always : List.of("eventId", "schemaVersion", "occurredAt")) {
                assertTrue(required.contains(always), where + ": " + always + " is required");
            }
        }
        if (typeProperty != null) {
            assertTrue(required.contains(typeProperty), where + ": the type id is required");
        }
    }

    private static void checkType(Type javaType, JsonNode declared, String where) {
        assertFalse(declared.isMissingNode(), where + ": documented");
        JsonNode schema = resolve(declared);
        boolean nullable = false;
        if (schema.has("oneOf")) {
            List<JsonNode> options = new ArrayList<>();
            schema.path("oneOf").forEach(o -> options.add(resolve(o)));
            List<JsonNode> nonNull = options.stream().filter(o -> !o.path("type").asText().equals("null")).toList();
            assertEquals(1, nonNull.size(), where + ": oneOf is a type or null");
            nullable = options.size() == 2;
            schema = nonNull.get(0);
        }
        List<String> types = schema.path("type").isArray() ? texts(schema.path("type"))
                : List.of(schema.path("type").asText());
        if (types.contains("null")) {
            nullable = true;
        }
        List<String> nonNullTypes = types.stream().filter(t -> !t.equals("null")).toList();
        assertEquals(1, nonNullTypes.size(), where + ": one JSON type (or null), " + types);
        String json = nonNullTypes.get(0);
        Class<?> raw = javaType instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) javaType;
        if (raw.isPrimitive()) {
            assertFalse(nullable, where + ": a " + raw + " is never null");
        }
        if (raw == String.class) {
            assertEquals("string", json, where);
        } else if (raw == UUID.class) {
            assertEquals("string", json, where);
            assertEquals("uuid", schema.path("format").asText(), where + ": a UUID");
        } else if (raw == Instant.class) {
            assertEquals("string", json, where);
            assertEquals("date-time", schema.path("format").asText(), where + ": an ISO-8601 time");
        } else if (raw == Duration.class) {
            assertEquals("string", json, where);
            assertEquals("duration", schema.path("format").asText(), where + ": an ISO-8601 duration");
        } else if (raw == LocalTime.class) {
            assertEquals("string", json, where);
            String pattern = schema.path("pattern").asText();
            assertTrue(LocalTime.of(22, 0).toString().matches(pattern) && "07:30:00".matches(pattern)
                    && !"24:00".matches(pattern), where + ": a local time, " + pattern);
        } else if (raw.isEnum()) {
            assertEquals("string", json, where);
            List<String> constants = Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
            List<String> values = new ArrayList<>();
            schema.path("enum").forEach(v -> {
                if (!v.isNull()) {
                    values.add(v.asText());
                }
            });
            assertEquals(constants, values, where + ": the constants of " + raw.getSimpleName());
            if (types.contains("null")) {
                // Without null among its values, the enum itself would refuse the null its type allows.
                assertTrue(StreamSupport.stream(schema.path("enum").spliterator(), false).anyMatch(JsonNode::isNull),
                        where + ": a nullable enum lists null");
            }
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            assertEquals("integer", json, where);
        } else if (raw == double.class || raw == Double.class) {
            assertEquals("number", json, where);
        } else if (raw == boolean.class || raw == Boolean.class) {
            assertEquals("boolean", json, where);
        } else if (Collection.class.isAssignableFrom(raw)) {
            assertEquals("array", json, where);
            if (Set.class.isAssignableFrom(raw)) {
                assertTrue(schema.path("uniqueItems").asBoolean(), where + ": a set has unique items");
            }
            Type item = ((ParameterizedType) javaType).getActualTypeArguments()[0];
            checkType(item, schema.path("items"), where + "[]");
        } else if (raw.isRecord()) {
            checkRecord(raw, schema, where, null, null);
        } else {
            fail(where + ": no JSON type known for " + javaType);
        }
    }

    // --- document helpers --------------------------------------------------------------------------------------

    private static JsonNode channel(String topic) {
        for (JsonNode channel : document.path("channels")) {
            if (channel.path("address").asText().equals(topic)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + topic);
    }

    private static List<JsonNode> messages(String topic) {
        List<JsonNode> messages = new ArrayList<>();
        channel(topic).path("messages").forEach(m -> messages.add(resolve(m)));
        assertFalse(messages.isEmpty(), topic + ": messages");
        return messages;
    }

    /** Follows local references ("#/components/..."), the only kind the document uses. */
    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.path("$ref").asText();
            assertTrue(ref.startsWith("#/"), "a local reference: " + ref);
            node = document.at(ref.substring(1));
            assertFalse(node.isMissingNode(), "reference resolves: " + ref);
        }
        return node;
    }

    /** The services that send to a topic, from the operations' tags. */
    private static Set<String> sendingServices(String topic) {
        Set<String> services = new TreeSet<>();
        document.path("operations").forEach(operation -> {
            String channelName = operation.at("/channel/$ref").asText().replace("#/channels/", "");
            if (operation.path("action").asText().equals("send")
                    && document.path("channels").path(channelName).path("address").asText().equals(topic)) {
                operation.path("tags").forEach(t -> services.add(t.path("name").asText()));
            }
        });
        return services;
    }

    /**
     * The CloudEvents types the outbox relay gives a topic's events (outbox CloudEventHeaders.type): "org.relais.", the
     * topic without "relais.", then the event's own {@code type} when it has one: an enum component or the type id of
     * a polymorphic event.
     */
    private static Set<String> cloudEventTypes(String topic, Class<?> value) {
        String base = "org.relais." + topic.substring("relais.".length());
        Set<String> types = new TreeSet<>();
        if (value.isSealed()) {
            for (JsonSubTypes.Type subtype : value.getAnnotation(JsonSubTypes.class).value()) {
                types.add(base + "." + subtype.name());
            }
            return types;
        }
        for (RecordComponent component : value.getRecordComponents()) {
            if (component.getName().equals("type") && component.getType().isEnum()) {
                for (Object constant : component.getType().getEnumConstants()) {
                    types.add(base + "." + ((Enum<?>) constant).name());
                }
                return types;
            }
        }
        return Set.of(base);
    }

    private static Integer schemaVersion(Class<?> value) {
        try {
            return value.getField("SCHEMA_VERSION").getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(value.getSimpleName() + " has a SCHEMA_VERSION", e);
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(v -> texts.add(v.asText()));
        return texts;
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }
}
