package io.sluice.compat.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.RecordHeader;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain produce: with each codec and each {@code acks} setting, every record reaches the broker and reads back with
 * kafka-clients' consumer exactly as sent (key, value, headers, order). The broker decompresses and validates every
 * compressed batch it is sent, so a batch it could not read would fail the send.
 */
interface ProduceContract extends BrokerUnderTest {
    /**
     * One partition each, written in this order. A broker takes a new topic's partitions over in one metadata update,
     * but may answer the first produce requests with NOT_LEADER_OR_FOLLOWER until then; acks=0 would lose those
     * records without a word (there is no answer to retry on), so it writes once the acknowledged ones got through.
     */
    List<String> ACKS = List.of("all", "1", "0");

    int RECORDS_PER_ACKS = 300;

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    default void everyCodecAndAcksSettingReadsBackIntact(String codec) throws Exception {
        String topic = uniqueTopic("produce-" + codec);
        broker().createTopic(topic, ACKS.size());
        List<List<String>> sent = new ArrayList<>();
        for (int partition = 0; partition < ACKS.size(); partition++) {
            sent.add(produce(topic, partition, codec, ACKS.get(partition)));
        }
        List<StoredRecord> stored = TopicReader.readUncommitted(broker().directBootstrapServers())
                .readAll(topic, ACKS.size() * RECORDS_PER_ACKS, Duration.ofSeconds(30));
        for (int partition = 0; partition < ACKS.size(); partition++) {
            int p = partition;
            List<String> read = stored.stream()
                    .filter(r -> r.partition() == p)
                    .map(r -> r.keyString() + "|" + r.valueString() + "|"
                            + r.headers().get(0).valueString())
                    .toList();
            assertThat(read)
                    .as(() -> "partition " + p + ", written with acks=" + ACKS.get(p) + " and " + codec
                            + "; end of the broker's log:\n" + broker().logTail())
                    .hasSameSizeAs(sent.get(p))
                    .containsExactlyElementsOf(sent.get(p));
        }
    }

    /** Sends the records of one partition with one acks setting; returns each as key|value|header. */
    private List<String> produce(String topic, int partition, String codec, String acks) throws Exception {
        Map<String, Object> settings = Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                codec,
                ProducerConfig.ACKS_CONFIG,
                acks,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                // acks=0 or 1 with idempotence on is a conflict Kafka rejects; say what is meant.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "all".equals(acks));
        List<String> sent = new ArrayList<>();
        try (SluiceProducer<String, String> producer = producer(settings)) {
            for (int i = 0; i < RECORDS_PER_ACKS; i++) {
                String key = "key-" + i;
                // Repetitive text compresses, so every codec really shrinks the batch it sends.
                String value = ("r" + i + " ").repeat(1 + i % 7);
                String header = "h" + i;
                producer.send(new ProducerRecord<>(
                        topic,
                        partition,
                        null,
                        key,
                        value,
                        List.of(new RecordHeader("trace", header.getBytes(StandardCharsets.UTF_8)))));
                sent.add(key + "|" + value + "|" + header);
            }
            producer.flush();
        }
        return sent;
    }
}
