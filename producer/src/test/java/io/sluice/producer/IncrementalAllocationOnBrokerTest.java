package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code buffer.memory.allocation.strategy=incremental} against a real broker: less memory, the same records. */
@ExtendWith(SharedKafka.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IncrementalAllocationOnBrokerTest {
    private static final int PARTITIONS = 50;
    private static final long MEMORY = 8L << 20;

    @Test
    void incrementalBatchesHoldLessMemoryAcrossManyPartitions(KafkaCluster kafka) throws Exception {
        assertThat(memoryHeldByOneRecordPerPartition(kafka, "incremental")).isEqualTo(PARTITIONS * 1024L);
        assertThat(memoryHeldByOneRecordPerPartition(kafka, "full")).isEqualTo(PARTITIONS * 16384L);
    }

    @Test
    void growingBatchesDeliverEveryRecordInPartitionOrder(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("incremental");
        kafka.createTopic(topic, PARTITIONS, 1);
        int records = 20_000;
        try (SluiceProducer<String, String> producer = producer(kafka, "incremental", 5)) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 500), Integer.toString(i))));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, records, Duration.ofSeconds(60));
        assertThat(stored).hasSize(records);
        Map<String, Integer> lastByKey = new HashMap<>();
        for (StoredRecord r : stored) {
            int value = Integer.parseInt(r.valueString());
            Integer previous = lastByKey.put(r.keyString(), value);
            assertThat(previous == null || previous < value)
                    .as("order of key %s", r.keyString())
                    .isTrue();
        }
    }

    /** Sends one small record to every partition while batches linger, and returns the pool memory they hold. */
    private static long memoryHeldByOneRecordPerPartition(KafkaCluster kafka, String strategy) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("allocation-" + strategy);
        kafka.createTopic(topic, PARTITIONS, 1);
        try (SluiceProducer<String, String> producer = producer(kafka, strategy, 60_000)) {
            producer.partitionsFor(topic);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                futures.add(producer.send(new ProducerRecord<>(topic, p, null, "v")));
            }
            long held =
                    MEMORY - producer.metrics().get("buffer-available-bytes").longValue();
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            return held;
        }
    }

    private static SluiceProducer<String, String> producer(KafkaCluster kafka, String strategy, int lingerMs) {
        return ProducerTestSupport.producer(
                kafka,
                Map.of(
                        ProducerConfig.BUFFER_MEMORY_ALLOCATION_STRATEGY_CONFIG, strategy,
                        ProducerConfig.BUFFER_MEMORY_CONFIG, MEMORY,
                        ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000));
    }
}
