package io.sluice.producer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Poll;
import io.sluice.testkit.SharedKafka;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Kafka's producer beans on JMX, under kafka-clients' names, fed by a real broker. */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class JmxMetricsOnBrokerTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private static SluiceProducer<String, String> producer(
            KafkaCluster kafka, String clientId, Map<String, Object> more) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("client.id", clientId);
        props.put("linger.ms", 5);
        props.putAll(more);
        return new SluiceProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * Writes one acknowledged record to each partition with another producer, so the measured one meets leaders that
     * take writes: a partition created a moment ago may answer NOT_LEADER_OR_FOLLOWER once, and the retried batch
     * would count its records twice in record-send-total, as Kafka counts every send.
     */
    private static void warmUp(KafkaCluster kafka, String topic, int partitions) throws Exception {
        try (SluiceProducer<String, String> producer = producer(kafka, "jmx-warm-up-" + UUID.randomUUID(), Map.of())) {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, "warm-up")).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static ObjectName bean(String type, String clientId, String tag, String value) throws Exception {
        String name =
                "kafka.producer:type=" + type + ",client-id=" + clientId + (tag == null ? "" : "," + tag + "=" + value);
        return new ObjectName(name);
    }

    private static double attribute(ObjectName bean, String name) throws Exception {
        return ((Number) JMX.getAttribute(bean, name)).doubleValue();
    }

    @Test
    void recordSendTotalOnJmxEqualsRecordsSentAndNodeAndTopicBeansExist(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("jmx");
        kafka.createTopic(topic, 3, 1);
        warmUp(kafka, topic, 3);
        String clientId = "jmx-" + UUID.randomUUID();
        ObjectName producerBean = bean("producer-metrics", clientId, null, null);
        try (SluiceProducer<String, String> producer = producer(kafka, clientId, Map.of())) {
            assertThat(JMX.isRegistered(producerBean)).as("registered at start").isTrue();
            for (int i = 0; i < 250; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
            assertThat(attribute(producerBean, "record-send-total")).isEqualTo(250.0);
            assertThat(attribute(producerBean, "record-error-total")).isZero();
            assertThat(attribute(producerBean, "record-send-rate")).isPositive();
            assertThat(attribute(producerBean, "request-latency-max")).isGreaterThanOrEqualTo(0.0);
            assertThat(attribute(producerBean, "buffer-total-bytes")).isEqualTo(32L * 1024 * 1024);
            assertThat(attribute(producerBean, "outgoing-byte-total")).isPositive();
            assertThat(attribute(producerBean, "incoming-byte-total")).isPositive();
            assertThat(attribute(producerBean, "batch-size-max")).isPositive();
            ObjectName topicBean = bean("producer-topic-metrics", clientId, "topic", topic);
            assertThat(attribute(topicBean, "record-send-total")).isEqualTo(250.0);
            assertThat(attribute(topicBean, "byte-total")).isPositive();
            int leader = kafka.leader(topic, 0);
            ObjectName nodeBean = bean("producer-node-metrics", clientId, "node-id", "node-" + leader);
            assertThat(attribute(nodeBean, "request-total")).isPositive();
            assertThat(attribute(nodeBean, "request-latency-max")).isGreaterThanOrEqualTo(0.0);
            assertThat(producer.metrics().get("record-send-total").doubleValue())
                    .isEqualTo(250.0);
        }
        assertThat(JMX.queryNames(new ObjectName("kafka.producer:client-id=" + clientId + ",*"), null))
                .as("unregistered at close")
                .isEmpty();
    }

    @Test
    void networkIoGrowsWithEverySendAndPlaintextConnectionsCountAsAuthenticated(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("jmx-network-io");
        kafka.createTopic(topic, 1, 1);
        String clientId = "jmx-network-io-" + UUID.randomUUID();
        ObjectName producerBean = bean("producer-metrics", clientId, null, null);
        try (SluiceProducer<String, String> producer = producer(kafka, clientId, Map.of("linger.ms", 0))) {
            producer.send(new ProducerRecord<>(topic, "k", "first")).get(30, TimeUnit.SECONDS);
            double first = attribute(producerBean, "network-io-total");
            assertThat(first).isPositive();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
            // Each acknowledged request: at least one write, and the response's size and body read.
            Poll.until("network-io-total grows by 3 per request", Duration.ofSeconds(30), () -> {
                try {
                    return attribute(producerBean, "network-io-total") >= first + 10 * 3;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(attribute(producerBean, "network-io-rate")).isPositive();
            // kafka-clients counts a plaintext connection that became ready as authenticated; so does Sluice.
            assertThat(attribute(producerBean, "successful-authentication-total"))
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(attribute(producerBean, "successful-authentication-no-reauth-total"))
                    .isEqualTo(attribute(producerBean, "successful-authentication-total"));
            assertThat(attribute(producerBean, "failed-authentication-total")).isZero();
        }
    }

    @Test
    void aSecondProducerWithTheSameClientIdLeavesTheFirstsBeansAlone(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("jmx-twice");
        kafka.createTopic(topic, 1, 1);
        String clientId = "jmx-twice-" + UUID.randomUUID();
        ObjectName producerBean = bean("producer-metrics", clientId, null, null);
        try (SluiceProducer<String, String> first = producer(kafka, clientId, Map.of())) {
            try (SluiceProducer<String, String> second = producer(kafka, clientId, Map.of())) {
                second.send(new ProducerRecord<>(topic, "k", "v"));
                second.flush();
            }
            first.send(new ProducerRecord<>(topic, "k", "v"));
            first.flush();
            assertThat(JMX.isRegistered(producerBean)).isTrue();
            assertThat(attribute(producerBean, "record-send-total")).isEqualTo(1.0);
        }
    }

    @Test
    void anEmptyMetricReportersListTurnsJmxOff(KafkaCluster kafka) throws Exception {
        String clientId = "no-jmx-" + UUID.randomUUID();
        try (SluiceProducer<String, String> producer = producer(kafka, clientId, Map.of("metric.reporters", ""))) {
            Set<ObjectName> beans = JMX.queryNames(new ObjectName("kafka.producer:client-id=" + clientId + ",*"), null);
            assertThat(beans).isEmpty();
            assertThat(producer.kafkaMetrics()).isNotEmpty();
        }
    }

    @Test
    void aBrokerProduceQuotaShowsUpInProduceThrottleTime(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("throttled");
        kafka.createTopic(topic, 1, 1);
        String clientId = "throttled-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                            entity, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0)))))
                    .all()
                    .get();
        }
        ObjectName producerBean = bean("producer-metrics", clientId, null, null);
        try (SluiceProducer<String, String> producer = producer(kafka, clientId, Map.of())) {
            String value = "x".repeat(10_000);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            BooleanSupplier throttled = () -> {
                try {
                    return attribute(producerBean, "produce-throttle-time-max") > 0;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            while (!throttled.getAsBoolean() && System.nanoTime() < deadline) {
                producer.send(new ProducerRecord<>(topic, "k", value));
                producer.flush();
            }
            assertThat(attribute(producerBean, "produce-throttle-time-max")).isPositive();
            assertThat(attribute(producerBean, "produce-throttle-time-avg")).isPositive();
        }
    }
}
