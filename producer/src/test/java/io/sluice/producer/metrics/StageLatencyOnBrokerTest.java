package io.sluice.producer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.serde.StringSerializer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-stage latency histograms against a real broker: they account for a record's time, stage by stage. */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class StageLatencyOnBrokerTest {
    private static final String[] STAGES = {"accumulate", "send-wait", "wire", "callback"};

    private static SluiceProducer<String, String> producer(KafkaCluster kafka, String clientId, String level) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("client.id", clientId);
        props.put("linger.ms", 20);
        props.put("metrics.recording.level", level);
        return new SluiceProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static double value(SluiceProducer<?, ?> producer, String group, String name, Map<String, String> tags) {
        return producer.kafkaMetrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(group)
                        && e.getKey().name().equals(name)
                        && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(e -> e.getValue().value())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + group + " " + name + " " + tags));
    }

    @Test
    void theStagesMediansAddUpToTheEndToEndMedian(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("stages");
        kafka.createTopic(topic, 1, 1);
        int n = 150;
        double[] endToEndMs = new double[n];
        try (SluiceProducer<String, String> producer = producer(kafka, "stages-" + topic, "INFO")) {
            producer.send(new ProducerRecord<>(topic, "warm-up", "x")).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                // One record at a time: each lingers alone, so every stage of it is that record's own.
                CompletableFuture<Long> done = new CompletableFuture<>();
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k", "v" + i), (md, e) -> done.complete(System.nanoTime()));
                endToEndMs[i] = (done.get(30, TimeUnit.SECONDS) - start) / 1e6;
            }
            Arrays.sort(endToEndMs);
            double median = endToEndMs[n / 2];
            double sum = 0;
            for (String stage : STAGES) {
                double p50 = value(producer, "producer-stage-metrics", stage + "-time-p50", Map.of());
                assertThat(p50).as(stage).isNotNaN().isNotNegative();
                sum += p50;
            }
            assertThat(value(producer, "producer-stage-metrics", "accumulate-time-p50", Map.of()))
                    .as("a lone record waits out linger.ms=20")
                    .isBetween(19.0, 20.0 * 1.125 + 2);
            // Buckets read up to 12.5% high; batch times are read in whole milliseconds (a 1 ms step at each of
            // the two ends of the accumulate and send-wait stages).
            assertThat(sum)
                    .as("sum of stage medians against end-to-end median %.3f ms", median)
                    .isBetween(median - 2.5, median * 1.125 + 2.5);
        }
    }

    @Test
    void perPartitionStagesAppearAtDebugLevelOnly(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("stages-debug");
        kafka.createTopic(topic, 2, 1);
        try (SluiceProducer<String, String> producer = producer(kafka, "stages-debug-" + topic, "DEBUG")) {
            producer.send(new ProducerRecord<>(topic, 1, "k", "v")).get(30, TimeUnit.SECONDS);
            producer.flush();
            Map<String, String> p1 = Map.of("topic", topic, "partition", "1");
            assertThat(value(producer, "producer-partition-stage-metrics", "wire-time-max", p1))
                    .isPositive();
        }
        try (SluiceProducer<String, String> producer = producer(kafka, "stages-info-" + topic, "INFO")) {
            producer.send(new ProducerRecord<>(topic, 1, "k", "v")).get(30, TimeUnit.SECONDS);
            assertThat(producer.kafkaMetrics().keySet())
                    .noneMatch(name -> name.group().equals("producer-partition-stage-metrics"));
        }
    }
}
