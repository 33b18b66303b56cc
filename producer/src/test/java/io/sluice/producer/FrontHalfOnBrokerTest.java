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
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The front half's promises, checked end to end against a real broker and kafka-clients as the reference. */
@ExtendWith(SharedKafka.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FrontHalfOnBrokerTest {

    @Test
    void keyedRecordsLandOnTheSamePartitionsAsKafkaClientsPutsThem(KafkaCluster kafka) throws Exception {
        String ours = KafkaCluster.uniqueTopicName("keyed-sluice");
        String theirs = KafkaCluster.uniqueTopicName("keyed-kafka");
        kafka.createTopic(ours, 7, 1);
        kafka.createTopic(theirs, 7, 1);
        int n = 300;
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, Map.of())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(ours, "customer-" + i, "v" + i));
            }
            producer.flush();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, String> reference =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                reference.send(new org.apache.kafka.clients.producer.ProducerRecord<>(theirs, "customer-" + i, "v"));
            }
            reference.flush();
        }
        TopicReader reader = TopicReader.readUncommitted(kafka.bootstrapServers());
        Map<String, Integer> sluicePartition = partitionByKey(reader.readAll(ours, n, Duration.ofSeconds(30)));
        Map<String, Integer> kafkaPartition = partitionByKey(reader.readAll(theirs, n, Duration.ofSeconds(30)));
        assertThat(sluicePartition).hasSize(n).isEqualTo(kafkaPartition);
    }

    private static Map<String, Integer> partitionByKey(List<StoredRecord> records) {
        Map<String, Integer> byKey = new HashMap<>();
        records.forEach(r -> byKey.put(r.keyString(), r.partition()));
        return byKey;
    }

    @Test
    void keylessRecordsReachEveryPartitionAndKeepHeadersAndTimestamps(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("keyless");
        kafka.createTopic(topic, 4, 1);
        int n = 2000;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (SluiceProducer<String, String> producer =
                ProducerTestSupport.producer(kafka, Map.of("batch.size", "1024", "linger.ms", "0"))) {
            for (int i = 0; i < n; i++) {
                Headers headers = new Headers().add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                futures.add(producer.send(new ProducerRecord<>(
                        topic, null, 1_600_000_000_000L + i, null, "value-" + "x".repeat(50) + i, headers)));
            }
            producer.flush();
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, n, Duration.ofSeconds(30));
        assertThat(stored).hasSize(n);
        assertThat(stored.stream().map(StoredRecord::partition).distinct()).containsExactlyInAnyOrder(0, 1, 2, 3);
        for (StoredRecord r : stored) {
            int seq = Integer.parseInt(r.headers().get(0).valueString());
            assertThat(r.timestamp()).isEqualTo(1_600_000_000_000L + seq);
            RecordMetadata md = futures.get(seq).get(10, TimeUnit.SECONDS);
            assertThat(md.partition()).isEqualTo(r.partition());
            assertThat(md.offset()).isEqualTo(r.offset());
            assertThat(md.timestamp()).isEqualTo(r.timestamp());
        }
    }

    @Test
    void sendToATopicNotYetKnownReturnsAtOnceAndDeliversWhenMetadataArrives(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("auto-created");
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, Map.of())) {
            long start = System.nanoTime();
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + (i % 5), "v" + i)));
            }
            // send() did not wait for the metadata round trip (nor for the topic's auto-creation)
            assertThat(futures.get(0)).isNotDone();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                assertThat(f.get(30, TimeUnit.SECONDS).hasOffset()).isTrue();
            }
        }
    }
}
