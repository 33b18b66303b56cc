package io.sluice.compat.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerConfig;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.RecordMetadata;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import io.sluice.testkit.proxy.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Idempotent produce: the broker's proxy swallows answers to requests the broker has already written, so the
 * producer sends those batches again, five requests in flight; the broker recognizes them by producer id and
 * sequence and every record is stored exactly once, in send order, in every partition.
 */
interface IdempotenceContract extends BrokerUnderTest {
    int PARTITIONS = 2;
    int RECORDS = 3_000;

    @Test
    default void retriedBatchesAreStoredExactlyOnceAndInOrder() throws Exception {
        String topic = uniqueTopic("idempotent");
        broker().createTopic(topic, PARTITIONS);
        FaultProxy proxy = broker().proxy();
        Map<String, Object> settings = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20);
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(RECORDS);
        long droppedBefore = proxy.stats().responsesDropped();
        try (SluiceProducer<String, String> producer = producer(settings)) {
            for (int i = 0; i < RECORDS; i++) {
                if (i % 500 == 250) {
                    // The broker writes the next requests; the producer never hears back, reconnects and retries.
                    proxy.dropNextResponses(2);
                }
                sent.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, Integer.toString(i))));
                if (i % 100 == 99) {
                    producer.flush();
                }
            }
            producer.flush();
            assertThat(producer.metrics().get("record-retry-total").longValue())
                    .as("batches sent again after their answers were lost")
                    .isPositive();
        } finally {
            proxy.clearFaults();
        }
        assertThat(proxy.stats().responsesDropped() - droppedBefore).isGreaterThanOrEqualTo(6);
        for (CompletableFuture<RecordMetadata> f : sent) {
            assertThat(f.get(0, TimeUnit.SECONDS).offset()).isNotNegative();
        }
        List<StoredRecord> stored = TopicReader.readUncommitted(broker().directBootstrapServers())
                .readAll(topic, RECORDS, Duration.ofSeconds(30));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            int p = partition;
            assertThat(stored.stream()
                            .filter(r -> r.partition() == p)
                            .map(StoredRecord::valueString)
                            .toList())
                    .as("partition %d", p)
                    .containsExactlyElementsOf(IntStream.range(0, RECORDS)
                            .filter(i -> i % PARTITIONS == p)
                            .mapToObj(Integer::toString)
                            .toList());
        }
    }
}
