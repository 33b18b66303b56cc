package io.sluice.producer;

import io.sluice.testkit.KafkaCluster;
import java.util.HashMap;
import java.util.Map;

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

    static SluiceProducer<String, String> producer(KafkaCluster kafka, Map<String, Object> overrides) {
        return new SluiceProducer<>(config(kafka, overrides));
    }
}
