package io.sluice.kafka;

import io.sluice.testkit.process.ChildKafkaNode;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link Broker} parameter: the test run's shared single-node cluster, started on first use. It runs in
 * a child JVM ({@link ChildKafkaNode}) with testkit's broker jars and their own kafka-clients, so the test JVM may hold
 * whichever kafka-clients version the adapter is tested with.
 */
public final class CompatKafka implements ParameterResolver {
    /** The child's classpath, set by the module's surefire configuration: its test classpath with Kafka 4.4. */
    static final String BROKER_CLASSPATH = "compat.brokerClasspath";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CompatKafka.class);

    /** Created by JUnit. */
    public CompatKafka() {}

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Broker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ChildKafkaNode node = extensionContext
                .getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "child-broker",
                        k -> ChildKafkaNode.start(System.getProperty(BROKER_CLASSPATH)),
                        ChildKafkaNode.class);
        return new Broker(node.bootstrapServers());
    }
}
