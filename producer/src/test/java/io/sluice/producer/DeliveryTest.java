package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Everything sent arrives once, in order per partition, where and at the offset the producer said. */
@ExtendWith(SharedKafka.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DeliveryTest {
    private static final int RECORDS = 100_000;
    private static final int PARTITIONS = 12;
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    @ParameterizedTest(name = "acks={0} compression={1}")
    @CsvSource({"all, none", "1, gzip", "0, snappy", "all, lz4", "1, zstd", "all, zstd"})
    void everyRecordArrivesOnceInSendOrderPerPartitionAtTheReportedOffset(
            String acks, String compression, KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("delivery-" + compression);
        kafka.createTopic(topic, PARTITIONS, 1);
        ProducerTestSupport.warmUp(kafka, topic, PARTITIONS);
        // Without idempotence (acks 0 and 1) only one request in flight keeps order through a retry.
        Map<String, Object> overrides = Map.of(
                ProducerConfig.ACKS_CONFIG,
                acks,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                compression,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                acks.equals("all") ? 5 : 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(RECORDS);
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, overrides)) {
            for (int i = 0; i < RECORDS; i++) {
                Headers headers = new Headers().add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                ProducerRecord<String, String> record = new ProducerRecord<>(
                        topic, null, BASE_TIMESTAMP + i, "key-" + (i % 997), Integer.toString(i), headers);
                futures.add(producer.send(record));
            }
            producer.flush();
        }
        List<StoredRecord> stored = new ArrayList<>(TopicReader.readUncommitted(kafka.bootstrapServers())
                .readAll(topic, RECORDS + PARTITIONS, READ_TIMEOUT));
        stored.removeIf(r -> ProducerTestSupport.WARM_UP.equals(r.valueString()));

        assertThat(stored).hasSize(RECORDS);
        boolean[] seen = new boolean[RECORDS];
        Map<Integer, Integer> lastSeqByPartition = new HashMap<>();
        Map<Long, Integer> seqByPosition = new HashMap<>(RECORDS * 2);
        for (StoredRecord r : stored) {
            int seq = Integer.parseInt(r.valueString());
            assertThat(seen[seq]).as("record %d stored twice", seq).isFalse();
            seen[seq] = true;
            Integer previous = lastSeqByPartition.put(r.partition(), seq);
            if (previous != null) {
                assertThat(seq).as("order in partition %d", r.partition()).isGreaterThan(previous);
            }
            assertThat(r.timestamp()).isEqualTo(BASE_TIMESTAMP + seq);
            assertThat(r.headers()).hasSize(1);
            assertThat(r.headers().get(0).valueString()).isEqualTo(r.valueString());
            assertThat(r.keyString()).isEqualTo("key-" + (seq % 997));
            seqByPosition.put(position(r.partition(), r.offset()), seq);
        }
        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata md = futures.get(i).get(30, TimeUnit.SECONDS);
            if (acks.equals("0")) {
                assertThat(md.hasOffset()).isFalse();
            } else {
                assertThat(seqByPosition.get(position(md.partition(), md.offset())))
                        .as("record %d at %d/%d", i, md.partition(), md.offset())
                        .isEqualTo(i);
            }
        }
    }

    private static long position(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    @Test
    void keyedRecordsLandOnThePartitionKafkasOwnPartitionerPicks(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("keyed");
        kafka.createTopic(topic, PARTITIONS, 1);
        Map<String, Integer> partitionByKey = new HashMap<>();
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, Map.of())) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "customer-" + i, "v")));
            }
            for (int i = 0; i < 2000; i++) {
                partitionByKey.put(
                        "customer-" + i,
                        futures.get(i).get(30, TimeUnit.SECONDS).partition());
            }
        }
        for (Map.Entry<String, Integer> e : partitionByKey.entrySet()) {
            int expected = BuiltInPartitioner.partitionForKey(e.getKey().getBytes(StandardCharsets.UTF_8), PARTITIONS);
            assertThat(e.getValue()).as("partition of %s", e.getKey()).isEqualTo(expected);
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 2000, READ_TIMEOUT);
        for (StoredRecord r : stored) {
            assertThat(r.partition()).isEqualTo(partitionByKey.get(r.keyString()));
        }
    }
}
