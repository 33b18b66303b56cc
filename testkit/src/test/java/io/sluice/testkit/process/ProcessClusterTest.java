package io.sluice.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedProcessCluster.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void runsEachBrokerInItsOwnJvm(ProcessCluster kafka) {
        System.out.println("process cluster started in " + kafka.startDuration().toMillis() + " ms");
        assertThat(kafka.brokerIds()).containsExactly(1, 2, 3);
        assertThat(kafka.runningBrokerIds()).containsExactly(1, 2, 3);
        long self = ProcessHandle.current().pid();
        List<Long> pids = kafka.brokerIds().stream().map(kafka::pid).toList();
        assertThat(pids).doesNotHaveDuplicates().doesNotContain(self);
        for (long pid : pids) {
            ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
            assertThat(handle.isAlive()).isTrue();
            assertThat(handle.parent().map(ProcessHandle::pid)).contains(self);
        }
    }

    @Test
    void advertisesEachBrokersProxyToClients(ProcessCluster kafka) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            List<String> advertised = nodes.stream()
                    .sorted(Comparator.comparingInt(Node::id))
                    .map(n -> n.host() + ":" + n.port())
                    .toList();
            assertThat(String.join(",", advertised)).isEqualTo(kafka.bootstrapServers());
        }
    }

    @Test
    void producesThroughTheProxiesAndReadsBack(ProcessCluster kafka) throws Exception {
        String topic = "through-proxies-" + System.nanoTime();
        kafka.createTopic(topic, 3, 3, 2);
        Set<Integer> leaders = new HashSet<>();
        for (int partition = 0; partition < 3; partition++) {
            leaders.add(kafka.leader(topic, partition));
        }
        Map<Integer, Long> before = new HashMap<>();
        kafka.proxies().forEach((id, proxy) -> before.put(id, proxy.stats().bytesToServer()));
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = Clients.producer(kafka, Map.of())) {
            for (int i = 0; i < 30; i++) {
                sent.add("v" + i);
                producer.send(new ProducerRecord<>(topic, i % 3, "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        // Every partition leader was reached through its own proxy: the client used the advertised proxies only.
        for (int leader : leaders) {
            assertThat(kafka.proxy(leader).stats().bytesToServer())
                    .as("bytes through the proxy of leader %d", leader)
                    .isGreaterThan(before.get(leader));
        }
        List<StoredRecord> stored =
                TopicReader.readUncommitted(kafka.bootstrapServers()).readAll(topic, 30, WAIT);
        assertThat(stored).extracting(StoredRecord::valueString).containsExactlyInAnyOrderElementsOf(sent);
    }
}
