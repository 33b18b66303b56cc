/**
 * Real Apache Kafka brokers in separate JVM processes, for tests that crash, freeze and restart them.
 *
 * <ul>
 *   <li>{@link io.sluice.testkit.process.ProcessCluster}: one controller and three brokers (KRaft, 127.0.0.1, free
 *       ports, a temporary data directory), each a {@code java} process started from the current classpath with
 *       {@link io.sluice.testkit.process.BrokerProcessMain}. {@code killBroker} is {@code kill -9},
 *       {@code pauseBroker}/{@code resumeBroker} are SIGSTOP/SIGCONT, {@code restartBroker} brings a broker back on
 *       the same ports with its data. Each broker sits behind a {@link io.sluice.testkit.proxy.FaultProxy} that it
 *       advertises to clients, so a client given {@code bootstrapServers()} talks to the brokers only through the
 *       proxies.
 *   <li>{@link io.sluice.testkit.process.SharedProcessCluster}: a JUnit 5 extension that shares one such cluster
 *       across a test run and restores it (every broker running, no faults) before each test that asks for it.
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(SharedProcessCluster.class)
 * @Timeout(120)
 * class LeaderCrashTest {
 *     @Test
 *     void acknowledgedRecordsSurviveKillNine(ProcessCluster kafka) {
 *         kafka.createTopic("t", 1, 3, 2);                  // RF 3, min.insync.replicas 2
 *         // producer under test: bootstrap.servers = kafka.bootstrapServers(), acks=all
 *         int leader = kafka.leader("t", 0);
 *         kafka.killBroker(leader);
 *         kafka.proxy(kafka.leader("t", 0)).dropNextResponses(1);
 *         kafka.restartBroker(leader);
 *         kafka.awaitIsrFull("t", Duration.ofSeconds(30));
 *         List<StoredRecord> stored = TopicReader.readUncommitted(kafka.directBootstrapServers())
 *                 .readAll("t", expected, Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 *
 * <p>No node outlives its cluster: {@code close()} kills every node by its pid, a shutdown hook does the same if the
 * JVM exits unclosed, and each node halts itself when the JVM that started it dies, even by {@code kill -9}.
 */
package io.sluice.testkit.process;
