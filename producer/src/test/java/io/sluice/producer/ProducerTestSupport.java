package io.sluice.producer;

import io.sluice.testkit.KafkaCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared settings for producers that talk to the testkit's brokers. */
final class ProducerTestSupport {
    private ProducerTestSupport() {}

    /** String keys and values, the given bootstrap servers, and the overrides. */
    static Map<String, Object> config(KafkaCluster kafka, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        config.putAll(overrides);
        return config;
    }

    /** The value of the records {@link #warmUp} writes; tests skip them. */
    static final String WARM_UP = "warm-up";

    /**
     * Writes one record to each partition with acks=all and waits for it, so every partition of a freshly
     * created topic has a working leader before a test starts measuring. A new partition answers
     * NOT_LEADER_OR_FOLLOWER for a moment after creation; with acks=0 the broker then drops the connection.
     */
    static void warmUp(KafkaCluster kafka, String topic, int partitions) throws Exception {
        try (SluiceProducer<String, String> producer = producer(kafka, Map.of())) {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, WARM_UP)).get(60, TimeUnit.SECONDS);
            }
        }
    }

    static SluiceProducer<String, String> producer(KafkaCluster kafka, Map<String, Object> overrides) {
        return new SluiceProducer<>(config(kafka, overrides));
    }
}
