package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.ConfigException;
import io.sluice.producer.partition.RoundRobinPartitioner;
import io.sluice.producer.serde.ByteArraySerializer;
import io.sluice.producer.serde.StringSerializer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProducerConfigTest {

    static Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        m.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        m.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return m;
    }

    static Map<String, Object> with(Object... kv) {
        Map<String, Object> m = base();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    @Test
    void defaultsAreKafka4Defaults() {
        ProducerConfig c = new ProducerConfig(base());
        assertThat(c.getString("acks")).isEqualTo("-1");
        assertThat(c.acks()).isEqualTo((short) -1);
        assertThat(c.getBoolean("enable.idempotence")).isTrue();
        assertThat(c.idempotenceEnabled()).isTrue();
        assertThat(c.getInt("batch.size")).isEqualTo(16384);
        assertThat(c.getLong("linger.ms")).isEqualTo(5);
        assertThat(c.getLong("buffer.memory")).isEqualTo(33554432L);
        assertThat(c.getLong("max.block.ms")).isEqualTo(60000);
        assertThat(c.getInt("max.request.size")).isEqualTo(1048576);
        assertThat(c.getString("compression.type")).isEqualTo("none");
        assertThat(c.getInt("compression.gzip.level")).isEqualTo(-1);
        assertThat(c.getInt("compression.lz4.level")).isEqualTo(9);
        assertThat(c.getInt("compression.zstd.level")).isEqualTo(3);
        assertThat(c.getInt("retries")).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.getLong("retry.backoff.ms")).isEqualTo(100);
        assertThat(c.getLong("retry.backoff.max.ms")).isEqualTo(1000);
        assertThat(c.getInt("request.timeout.ms")).isEqualTo(30000);
        assertThat(c.getInt("delivery.timeout.ms")).isEqualTo(120000);
        assertThat(c.getInt("max.in.flight.requests.per.connection")).isEqualTo(5);
        assertThat(c.getLong("metadata.max.age.ms")).isEqualTo(300000);
        assertThat(c.getLong("metadata.max.idle.ms")).isEqualTo(300000);
        assertThat(c.getBoolean("partitioner.adaptive.partitioning.enable")).isTrue();
        assertThat(c.getLong("partitioner.availability.timeout.ms")).isZero();
        assertThat(c.getBoolean("partitioner.ignore.keys")).isFalse();
        assertThat(c.getString("transactional.id")).isNull();
        assertThat(c.getInt("transaction.timeout.ms")).isEqualTo(60000);
        assertThat(c.getString("security.protocol")).isEqualTo("PLAINTEXT");
        assertThat(c.getInt("send.buffer.bytes")).isEqualTo(131072);
        assertThat(c.getInt("receive.buffer.bytes")).isEqualTo(32768);
        assertThat(c.getLong("connections.max.idle.ms")).isEqualTo(540000);
        assertThat(c.getLong("reconnect.backoff.ms")).isEqualTo(50);
        assertThat(c.getLong("reconnect.backoff.max.ms")).isEqualTo(1000);
        assertThat(c.getLong("socket.connection.setup.timeout.ms")).isEqualTo(10000);
        assertThat(c.getLong("socket.connection.setup.timeout.max.ms")).isEqualTo(30000);
        assertThat(c.getString("client.dns.lookup")).isEqualTo("use_all_dns_ips");
        assertThat(c.getString("metadata.recovery.strategy")).isEqualTo("rebootstrap");
        assertThat(c.clientId()).startsWith("producer-");
        assertThat(c.getClass("key.serializer")).isEqualTo(StringSerializer.class);
        assertThat(c.getClass("value.serializer")).isEqualTo(ByteArraySerializer.class);
    }

    @Test
    void everyKafkaProducerSettingIsKnownWithTheSameDefault() {
        var kafka = org.apache.kafka.clients.producer.ProducerConfig.configDef();
        Set<String> kafkaNames = kafka.configKeys().keySet();
        assertThat(ProducerConfig.configNames())
                .as("settings of kafka-clients %s", org.apache.kafka.common.utils.internals.AppInfoParser.getVersion())
                .containsAll(kafkaNames);
        for (var key : kafka.configKeys().values()) {
            Object theirs = key.defaultValue == org.apache.kafka.common.config.ConfigDef.NO_DEFAULT_VALUE
                    ? null
                    : comparable(key.defaultValue);
            assertThat(comparable(ProducerConfig.defaultValue(key.name)))
                    .as("default of %s", key.name)
                    .isEqualTo(theirs);
        }
    }

    @Test
    void everySettingBeyondKafkasIsSluiceOnly() {
        Set<String> kafkaNames = org.apache.kafka.clients.producer.ProducerConfig.configDef()
                .configKeys()
                .keySet();
        for (String name : ProducerConfig.configNames()) {
            if (!kafkaNames.contains(name)) {
                assertThat(name).as("a setting Kafka does not have").startsWith("sluice.");
            }
        }
    }

    /** A default in a form both clients share: lists as lists, classes and passwords by their text. */
    private static Object comparable(Object value) {
        if (value instanceof org.apache.kafka.common.config.types.Password p) {
            return p.value();
        }
        if (value instanceof Class<?> c) {
            return c.getName();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? null : String.valueOf(value);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(
                        with("bootstrap.servers", null),
                        "Missing required configuration \"bootstrap.servers\" which has no default value."),
                Arguments.of(
                        with("bootstrap.servers", ""),
                        "Invalid value [] for configuration bootstrap.servers: at least one host:port is required"),
                Arguments.of(
                        with("bootstrap.servers", "localhost"),
                        "Invalid value [localhost] for configuration bootstrap.servers: Invalid url in bootstrap.servers: localhost (expected host:port)"),
                Arguments.of(
                        with("bootstrap.servers", "h:99999"),
                        "Invalid value [h:99999] for configuration bootstrap.servers: Invalid port in bootstrap.servers: h:99999 (expected 0 to 65535)"),
                Arguments.of(
                        with("key.serializer", null),
                        "Missing required configuration \"key.serializer\" which has no default value."),
                Arguments.of(
                        with("value.serializer", "com.example.Missing"),
                        "Invalid value com.example.Missing for configuration value.serializer: Class com.example.Missing could not be found."),
                Arguments.of(
                        with("acks", "2"),
                        "Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1"),
                Arguments.of(
                        with("batch.size", "-1"),
                        "Invalid value -1 for configuration batch.size: Value must be at least 0"),
                Arguments.of(
                        with("batch.size", "big"),
                        "Invalid value big for configuration batch.size: Not a number of type INT"),
                Arguments.of(
                        with("linger.ms", -5),
                        "Invalid value -5 for configuration linger.ms: Value must be at least 0"),
                Arguments.of(
                        with("buffer.memory", 1.5),
                        "Invalid value 1.5 for configuration buffer.memory: Expected value to be a long, but it was a java.lang.Double"),
                Arguments.of(
                        with("compression.type", "brotli"),
                        "Invalid value brotli for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd"),
                Arguments.of(
                        with("compression.gzip.level", 10),
                        "Invalid value 10 for configuration compression.gzip.level: Value must be between 1 and 9, or -1 for the codec default"),
                Arguments.of(
                        with("compression.lz4.level", 0),
                        "Invalid value 0 for configuration compression.lz4.level: Value must be in the range [1, 17]"),
                Arguments.of(
                        with("compression.zstd.level", 23),
                        "Invalid value 23 for configuration compression.zstd.level: Value must be in the range [-131072, 22]"),
                Arguments.of(
                        with("enable.idempotence", "yes"),
                        "Invalid value yes for configuration enable.idempotence: Expected value to be either true or false"),
                Arguments.of(
                        with("max.in.flight.requests.per.connection", 0),
                        "Invalid value 0 for configuration max.in.flight.requests.per.connection: Value must be at least 1"),
                Arguments.of(
                        with("metadata.max.idle.ms", 4999),
                        "Invalid value 4999 for configuration metadata.max.idle.ms: Value must be at least 5000"),
                Arguments.of(
                        with("retries", -1),
                        "Invalid value -1 for configuration retries: Value must be in the range [0, 2147483647]"),
                Arguments.of(
                        with("security.protocol", "TLS"),
                        "Invalid value TLS for configuration security.protocol: String must be one of (case insensitive): PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
                Arguments.of(
                        with("transactional.id", ""),
                        "Invalid value  for configuration transactional.id: String may not be empty"),
                Arguments.of(
                        with("interceptor.classes", "a.B,a.B"),
                        "Invalid value [a.B, a.B] for configuration interceptor.classes: Values must not be duplicated: a.B"),
                Arguments.of(
                        with("sasl.login.refresh.window.factor", 0.2),
                        "Invalid value 0.2 for configuration sasl.login.refresh.window.factor: Value must be in the range [0.5, 1.0]"),
                Arguments.of(
                        with("delivery.timeout.ms", 1000),
                        "Invalid value 1000 for configuration delivery.timeout.ms: delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms (5 + 30000 = 30005)"),
                Arguments.of(
                        with("enable.idempotence", true, "acks", "1"),
                        "Must set acks to all in order to use the idempotent producer, but it is 1. Otherwise we cannot guarantee idempotence."),
                Arguments.of(
                        with("enable.idempotence", "true", "retries", 0),
                        "Must set retries to non-zero when using the idempotent producer."),
                Arguments.of(
                        with("enable.idempotence", true, "max.in.flight.requests.per.connection", 6),
                        "Must set max.in.flight.requests.per.connection to at most 5 when using the idempotent producer, but it is 6."),
                Arguments.of(
                        with("transactional.id", "tx", "enable.idempotence", false),
                        "Cannot set a transactional.id without also enabling idempotence (enable.idempotence=true)."),
                Arguments.of(
                        with("transactional.id", "tx", "acks", "0"),
                        "Must set acks to all in order to use the idempotent producer, but it is 0. Otherwise we cannot guarantee idempotence. A transactional.id requires the idempotent producer."),
                Arguments.of(
                        with("partitioner.class", "org.apache.kafka.clients.producer.internals.DefaultPartitioner"),
                        "Kafka class org.apache.kafka.clients.producer.internals.DefaultPartitioner has no Sluice equivalent; use a io.sluice.producer class instead"),
                Arguments.of(
                        with("security.protocol", "SASL_SSL", "sasl.mechanism", " "),
                        "Invalid value  for configuration sasl.mechanism: SASL mechanism must not be empty when security.protocol is SASL_SSL"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputFailsWithAMessageNamingKeyValueAndRule(Map<String, Object> settings, String message) {
        assertThatThrownBy(() -> new ProducerConfig(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void implicitIdempotenceConflictTurnsIdempotenceOff() {
        assertThat(new ProducerConfig(with("acks", "1")).idempotenceEnabled()).isFalse();
        assertThat(new ProducerConfig(with("retries", "0")).idempotenceEnabled())
                .isFalse();
        assertThat(new ProducerConfig(with("max.in.flight.requests.per.connection", "10")).idempotenceEnabled())
                .isFalse();
        assertThat(new ProducerConfig(with("acks", "all")).idempotenceEnabled()).isTrue();
    }

    @Test
    void unsetDeliveryTimeoutIsRaisedToLingerPlusRequestTimeout() {
        ProducerConfig c = new ProducerConfig(with("linger.ms", "100000", "request.timeout.ms", "50000"));
        assertThat(c.getInt("delivery.timeout.ms")).isEqualTo(150000);
    }

    @Test
    void retryBackoffMaxBelowBaseBecomesTheBase() {
        ProducerConfig c = new ProducerConfig(with("retry.backoff.ms", "500", "retry.backoff.max.ms", "200"));
        assertThat(c.getLong("retry.backoff.max.ms")).isEqualTo(500);
    }

    @Test
    void unknownKeysAreNotFatalAndValuesAreParsedLeniently() {
        ProducerConfig c = new ProducerConfig(with(
                "no.such.setting",
                "x",
                "linger.ms",
                " 20 ",
                "acks",
                "0",
                "enable.idempotence",
                "FALSE",
                "partitioner.class",
                RoundRobinPartitioner.class,
                "bootstrap.servers",
                List.of("a:1", "b:2")));
        assertThat(c.getLong("linger.ms")).isEqualTo(20);
        assertThat(c.acks()).isZero();
        assertThat(c.getClass("partitioner.class")).isEqualTo(RoundRobinPartitioner.class);
        assertThat(c.getList("bootstrap.servers")).containsExactly("a:1", "b:2");
    }

    @Test
    void kafkaRoundRobinPartitionerNameMapsToTheBuiltIn() {
        ProducerConfig c = new ProducerConfig(
                with("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner"));
        assertThat(c.getClass("partitioner.class")).isEqualTo(RoundRobinPartitioner.class);
    }

    @Test
    void propertiesWorkAndClientIdFollowsTransactionalId() {
        Properties p = new Properties();
        base().forEach((k, v) -> p.setProperty(k, v.toString()));
        p.setProperty("transactional.id", "orders");
        ProducerConfig c = new ProducerConfig(p);
        assertThat(c.clientId()).isEqualTo("producer-orders");
        assertThat(c.transactional()).isTrue();
    }

    @Test
    void passwordsNeverShowInToString() {
        ProducerConfig c = new ProducerConfig(with("ssl.keystore.password", "s3cret"));
        assertThat(c.toString()).doesNotContain("s3cret").contains("[hidden]");
        assertThat(c.secret("ssl.keystore.password")).isEqualTo("s3cret");
    }

    @Test
    void noPublicMethodReturnsASecretInClearText() throws Exception {
        ProducerConfig c = new ProducerConfig(with("ssl.keystore.password", "s3cret"));
        assertThat(c.originals()).containsEntry("ssl.keystore.password", "[hidden]");
        assertThat(c.effectiveValues().get("ssl.keystore.password")).isEqualTo("[hidden]");
        for (java.lang.reflect.Method m : ProducerConfig.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object shown;
            if (m.getParameterCount() == 0) {
                shown = m.invoke(c);
            } else if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == String.class) {
                try {
                    shown = m.invoke(c, "ssl.keystore.password");
                } catch (java.lang.reflect.InvocationTargetException e) {
                    shown = e.getCause().getMessage();
                }
            } else {
                continue;
            }
            assertThat(String.valueOf(shown)).as(m.getName()).doesNotContain("s3cret");
        }
    }
}
