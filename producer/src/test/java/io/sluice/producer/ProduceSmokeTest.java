package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafka.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProduceSmokeTest {

    @Test
    void producesToARealBrokerAndTheConsumerSeesTheSameOffsets(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("smoke");
        kafka.createTopic(topic, 3, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, Map.of())) {
            for (int i = 0; i < 1000; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 1000, Duration.ofSeconds(30));
        assertThat(stored).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            RecordMetadata md = futures.get(i).get(10, TimeUnit.SECONDS);
            StoredRecord match = stored.stream()
                    .filter(r -> r.partition() == md.partition() && r.offset() == md.offset())
                    .findFirst()
                    .orElseThrow();
            assertThat(match.valueString()).isEqualTo("v" + i);
        }
    }
}
