/**
 * Real Apache Kafka 4.4.0 brokers started in the current JVM for tests, and a helper that reads back what reached
 * them with Apache Kafka's own consumer. Depends on none of Sluice's modules, so every module can test against real
 * brokers with it.
 *
 * <ul>
 *   <li>{@link io.sluice.testkit.KafkaCluster}: one combined broker+controller node, or one controller and three
 *       brokers, in KRaft mode on 127.0.0.1 with free ports and a temporary data directory; create topics, stop and
 *       restart brokers, find leaders, wait for full ISRs. Every wait has a deadline.
 *   <li>{@link io.sluice.testkit.SharedKafka}: a JUnit 5 extension that starts each of the two shapes once per test
 *       run, on first use, and closes them when the run ends.
 *   <li>{@link io.sluice.testkit.TopicReader}: reads every partition of a topic from the beginning with
 *       {@code read_uncommitted} or {@code read_committed}, returning {@link io.sluice.testkit.StoredRecord}s with
 *       partition, offset, timestamp, key, value and headers.
 * </ul>
 *
 * <p>A typical test:
 *
 * <pre>{@code
 * @ExtendWith(SharedKafka.class)
 * @Timeout(60)
 * class ProduceTest {
 *     @Test
 *     void deliversOneRecord(KafkaCluster kafka) throws Exception {
 *         String topic = KafkaCluster.uniqueTopicName("produce");
 *         kafka.createTopic(topic, 3, 1);
 *
 *         // ... produce "hello" to kafka.bootstrapServers() ...
 *
 *         List<StoredRecord> stored = TopicReader.readUncommitted(kafka.bootstrapServers())
 *                 .readAll(topic, 1, Duration.ofSeconds(30));
 *         assertThat(stored).extracting(StoredRecord::valueString).containsExactly("hello");
 *     }
 *
 *     @Test
 *     void survivesTheLossOfALeader(@ThreeBrokers KafkaCluster kafka) {
 *         String topic = KafkaCluster.uniqueTopicName("failover");
 *         kafka.createTopic(topic, 1, 3, 2); // replication factor 3, min.insync.replicas 2
 *         int leader = kafka.leader(topic, 0);
 *         kafka.stopBroker(leader);
 *         // ... produce with acks=all: 2 of 3 replicas are in sync ...
 *         kafka.restartBroker(leader);
 *         kafka.awaitIsrFull(topic, Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 *
 * <p>A cluster with its own settings, for example a finalized {@code transaction.version} or a SASL listener, is
 * started with {@link io.sluice.testkit.KafkaCluster#builder()} and closed by the test:
 *
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.builder().transactionVersion(1).start()) { ... }
 * }</pre>
 *
 * <p>Brokers log at WARN through the {@code log4j2.xml} in this module's resources, which applies wherever the module
 * is on the classpath. A broker's fatal fault does not halt the JVM: the kit turns Kafka's halt and exit into an
 * exception, and {@code SharedKafka} fails the test that was running.
 *
 * <p>{@code io.sluice.testkit.internal} holds what this package and {@code io.sluice.testkit.process} share (deadlines,
 * server properties, admin helpers, the run-wide store of shared clusters). It is public only so that both can use
 * it, and it is not API.
 */
package io.sluice.testkit;
