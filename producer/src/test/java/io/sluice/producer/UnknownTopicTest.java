package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.errors.TimeoutException;
import io.sluice.testkit.KafkaCluster;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broker that does not create topics on demand: sends to a missing topic fail, the rest go on. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UnknownTopicTest {
    private static KafkaCluster kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaCluster.builder()
                .brokerProperty("auto.create.topics.enable", "false")
                .start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void sendsToAMissingTopicFailAfterMaxBlockNamingItWhileOtherTopicsWork() throws Exception {
        String missing = KafkaCluster.uniqueTopicName("missing");
        String present = KafkaCluster.uniqueTopicName("present");
        kafka.createTopic(present, 2, 1);
        Map<String, Object> overrides = Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, overrides)) {
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(missing, "lost"));
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException e) {
                failure = e;
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining(missing);
            assertThat(tookMs).isBetween(1_500L, 15_000L);

            RecordMetadata md =
                    producer.send(new ProducerRecord<>(present, "kept")).get(30, TimeUnit.SECONDS);
            assertThat(md.hasOffset()).isTrue();
            assertThat(md.topic()).isEqualTo(present);
        }
    }
}
