package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.partition.KeyHashing;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.ThreeBrokers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code partitioner.rack.aware} with {@code client.rack} (KIP-1123) on the shared three-broker cluster, whose broker N
 * is in rack {@code rack-N}: keyless records go to partitions led in the client's rack, keyed ones keep their mapping.
 */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RackAwarePartitioningTest {
    private static final int PARTITIONS = 9;
    private static final int RECORDS = 3000;

    private String topic;
    private Map<Integer, Integer> leaders;

    @BeforeAll
    void createTopic(@ThreeBrokers KafkaCluster kafka) throws Exception {
        topic = KafkaCluster.uniqueTopicName("rack-aware");
        kafka.createTopic(topic, PARTITIONS, 1);
        ProducerTestSupport.warmUp(kafka, topic, PARTITIONS);
        leaders = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            leaders.put(p, kafka.leader(topic, p));
        }
    }

    @Test
    void keylessRecordsGoOnlyToPartitionsLedInTheClientsRack(@ThreeBrokers KafkaCluster kafka) throws Exception {
        int broker = leaders.get(0);
        Set<Integer> inRack = partitionsLedBy(broker);

        Set<Integer> used =
                keylessPartitions(kafka, Map.of("partitioner.rack.aware", true, "client.rack", "rack-" + broker));

        assertThat(used).isNotEmpty().isSubsetOf(inRack);
    }

    @Test
    void withoutRackAwarenessKeylessRecordsReachOtherRacksToo(@ThreeBrokers KafkaCluster kafka) throws Exception {
        int broker = leaders.get(0);

        Set<Integer> used = keylessPartitions(kafka, Map.of("client.rack", "rack-" + broker));

        assertThat(used)
                .as("partitions used; rack-%d leads %s", broker, partitionsLedBy(broker))
                .isNotEmpty()
                .matches(u -> !partitionsLedBy(broker).containsAll(u), "reaches a partition led in another rack");
    }

    @Test
    void aRackWithoutLeadersFallsBackToEveryPartition(@ThreeBrokers KafkaCluster kafka) throws Exception {
        Set<Integer> used = keylessPartitions(kafka, Map.of("partitioner.rack.aware", true, "client.rack", "rack-9"));

        assertThat(used.size())
                .as("partitions used by %s", used)
                .isGreaterThan(partitionsLedBy(leaders.get(0)).size());
    }

    @Test
    void keyedRecordsKeepTheirPartitionWhateverTheRack(@ThreeBrokers KafkaCluster kafka) throws Exception {
        Map<String, Object> overrides = Map.of("partitioner.rack.aware", true, "client.rack", "rack-" + leaders.get(0));
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, overrides)) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "v")));
            }
            for (int i = 0; i < futures.size(); i++) {
                byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
                int expected = KeyHashing.toPositive(KeyHashing.murmur2(key)) % PARTITIONS;
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS).partition())
                        .as("partition of key-%d", i)
                        .isEqualTo(expected);
            }
        }
    }

    private Set<Integer> partitionsLedBy(int broker) {
        Set<Integer> led = new TreeSet<>();
        leaders.forEach((p, leader) -> {
            if (leader == broker) {
                led.add(p);
            }
        });
        return led;
    }

    /** Sends keyless records in small batches, so the sticky choice moves often, and returns the partitions used. */
    private Set<Integer> keylessPartitions(KafkaCluster kafka, Map<String, Object> rackSettings) throws Exception {
        Map<String, Object> overrides = new HashMap<>(rackSettings);
        overrides.put(ProducerConfig.BATCH_SIZE_CONFIG, 512);
        overrides.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Set<Integer> used = new TreeSet<>();
        try (SluiceProducer<String, String> producer = ProducerTestSupport.producer(kafka, overrides)) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, null, "value-" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                used.add(f.get(30, TimeUnit.SECONDS).partition());
            }
        }
        return used;
    }
}
