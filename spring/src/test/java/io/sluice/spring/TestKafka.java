package io.sluice.spring;

import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import io.sluice.testkit.internal.RunShared;
import io.sluice.testkit.process.ChildKafkaNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link Kafka} parameter: the test run's shared single-node broker. When the test JVM holds Kafka's
 * broker jars with their own kafka-clients, that is {@link SharedKafka}'s in-process broker; when it holds the
 * application's older kafka-clients (Boot 3.5's 3.9), which the broker jars cannot run on, it is the same broker in
 * a child JVM ({@link ChildKafkaNode}). The tests talk to either through kafka-clients only.
 */
public final class TestKafka implements ParameterResolver {
    /** The child's classpath, set by the Boot 3.5 module's surefire configuration. */
    static final String BROKER_CLASSPATH = "sluice.spring.brokerClasspath";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestKafka.class);

    /** Created by JUnit through {@code @ExtendWith(TestKafka.class)}. */
    public TestKafka() {}

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Kafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        String childClasspath = System.getProperty(BROKER_CLASSPATH);
        if (childClasspath != null && !childClasspath.isBlank()) {
            ChildKafkaNode node = RunShared.get(
                    extensionContext,
                    NAMESPACE,
                    "child-kafka",
                    ChildKafkaNode.class,
                    () -> ChildKafkaNode.start(childClasspath),
                    ChildKafkaNode::close,
                    "the child JVM's Kafka");
            return new Kafka(node.bootstrapServers());
        }
        return new Kafka(SharedKafka.singleNode(extensionContext).bootstrapServers());
    }

    /** A running broker, reached through kafka-clients. */
    record Kafka(String bootstrapServers) {
        private static final Duration PATIENCE = Duration.ofSeconds(30);

        /** A topic name no other test uses. */
        static String uniqueTopic(String prefix) {
            return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        /** Creates a topic of one partition and returns once the broker has it. */
        void createTopic(String topic) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not create topic " + topic, e);
            }
        }

        /** Every record of the topic, read_uncommitted: records of aborted transactions too. */
        List<StoredRecord> readUncommitted(String topic) {
            return TopicReader.readUncommitted(bootstrapServers).readAll(topic, PATIENCE);
        }

        /** The records of the topic a read_committed consumer sees. */
        List<StoredRecord> readCommitted(String topic) {
            return TopicReader.readCommitted(bootstrapServers).readAll(topic, PATIENCE);
        }
    }
}
