package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The basic road through the adapter against a real broker: send, callbacks, flush, close and transactions. */
@ExtendWith(CompatKafka.class)
@Timeout(120)
class SendAndTransactionsTest {
    private static final Duration READ = Duration.ofSeconds(30);

    static Map<String, Object> settings(Broker broker) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        settings.put("value.serializer", StringSerializer.class);
        return settings;
    }

    @Test
    void sendsWithKafkaMetadataAndCallbacksInPartitionOrder(Broker broker) throws Exception {
        String topic = Broker.uniqueTopic("send");
        broker.createTopic(topic, 3);
        List<RecordMetadata> acked = Collections.synchronizedList(new ArrayList<>());
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = new SluiceKafkaProducer<>(settings(broker))) {
            for (int i = 0; i < 300; i++) {
                futures.add(
                        producer.send(new ProducerRecord<>(topic, "k" + (i % 7), "v" + i), (md, e) -> acked.add(md)));
            }
            producer.flush();
            assertThat(acked).hasSize(300);
            RecordMetadata first = futures.get(0).get(10, TimeUnit.SECONDS);
            assertThat(first.topic()).isEqualTo(topic);
            assertThat(first.hasOffset()).isTrue();
            assertThat(producer.partitionsFor(topic)).hasSize(3);
        }
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (RecordMetadata md : acked) {
            Long before = lastOffset.put(md.partition(), md.offset());
            assertThat(before == null || before < md.offset())
                    .as("callbacks of partition %d in send order", md.partition())
                    .isTrue();
        }
        assertThat(broker.read(topic, "read_uncommitted", 300, READ)).hasSize(300);
    }

    @Test
    void committedTransactionsAreVisibleToReadCommittedAndAbortedOnesAreNot(Broker broker) {
        String topic = Broker.uniqueTopic("txn");
        broker.createTopic(topic, 2);
        Map<String, Object> settings = settings(broker);
        settings.put("transactional.id", Broker.uniqueTopic("txn-id"));
        try (Producer<String, String> producer = new SluiceKafkaProducer<>(settings)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "b", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted-1"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "marker"));
            producer.commitTransaction();
        }
        List<String> values = values(broker.read(topic, "read_committed", 3, READ));
        assertThat(values).containsExactlyInAnyOrder("committed-1", "committed-2", "marker");
        assertThat(values(broker.read(topic, "read_uncommitted", 4, READ))).contains("aborted-1");
    }

    static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
