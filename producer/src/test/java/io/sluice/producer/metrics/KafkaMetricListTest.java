package io.sluice.producer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The table of docs/OBSERVABILITY.md is kafka-clients' own list of producer metrics with Sluice's status: the test
 * builds the table from a real kafka-clients producer's {@code metrics()} and a Sluice producer's {@code
 * kafkaMetrics()}, both after one record, and fails when the doc says anything else. Regenerate the table with
 * {@code -Dobservability.write=true}.
 */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class KafkaMetricListTest {
    private static final Set<String> GROUPS =
            Set.of("producer-metrics", "producer-node-metrics", "producer-topic-metrics");
    private static final String BEGIN = "<!-- metrics-table:begin -->";
    private static final String END = "<!-- metrics-table:end -->";
    private static final Path DOC = Path.of("..", "docs", "OBSERVABILITY.md");

    /**
     * Why a metric is not there yet, by name prefix: empty, as Sluice has every metric of kafka-clients' list. A
     * metric a later kafka-clients adds shows up as "not yet" until it is built or given its reason here.
     */
    private static final Map<String, String> WHY_NOT = Map.of();

    @Test
    void theDocsTableListsEveryKafkaClientsProducerMetricWithSluicesStatus(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("metric-list");
        kafka.createTopic(topic, 1, 1);
        Map<String, String> kafkaMetrics = new TreeMap<>();
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("metric.reporters", "");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k", "v"))
                    .get();
            producer.metrics().keySet().stream()
                    .filter(n -> GROUPS.contains(n.group()))
                    .forEach(n -> kafkaMetrics.put(n.group() + " " + n.name(), n.description()));
        }
        Set<String> ours = new TreeSet<>();
        props.put("client.id", "metric-list");
        try (SluiceProducer<String, String> producer = new SluiceProducer<>(
                props,
                new io.sluice.producer.serde.StringSerializer(),
                new io.sluice.producer.serde.StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            producer.kafkaMetrics().keySet().forEach(n -> ours.add(n.group() + " " + n.name()));
        }
        String table = table(kafkaMetrics, ours);
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        String current = begin < 0 || end < 0 ? "" : doc.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("observability.write") && begin >= 0 && end >= 0) {
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + table + doc.substring(end));
            current = table;
        }
        assertThat(current)
                .as("docs/OBSERVABILITY.md's table; regenerate with -Dobservability.write=true")
                .isEqualTo(table);
    }

    private static String table(Map<String, String> kafkaMetrics, Set<String> ours) {
        StringBuilder sb = new StringBuilder("\n| group | metric | Sluice | meaning (kafka-clients' description) |\n");
        sb.append("|---|---|---|---|\n");
        kafkaMetrics.forEach((key, description) -> {
            String[] parts = key.split(" ", 2);
            String status = ours.contains(key) ? "supported" : "not yet: " + whyNot(parts[1]);
            sb.append("| ")
                    .append(parts[0])
                    .append(" | `")
                    .append(parts[1])
                    .append("` | ")
                    .append(status)
                    .append(" | ")
                    .append(description.replace("|", "\\|"))
                    .append(" |\n");
        });
        return sb.toString();
    }

    private static String whyNot(String name) {
        for (Map.Entry<String, String> e : WHY_NOT.entrySet()) {
            if (name.startsWith(e.getKey()) && !e.getValue().isEmpty()) {
                return e.getValue();
            }
        }
        return "not recorded yet";
    }
}
