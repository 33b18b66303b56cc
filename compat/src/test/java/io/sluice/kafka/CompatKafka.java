package io.sluice.kafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link Broker} parameter: the test run's shared single-node cluster, started on first use. It runs in
 * a child JVM ({@link ChildBroker}) with testkit's broker jars and their own kafka-clients, so the test JVM may hold
 * whichever kafka-clients version the adapter is tested with.
 */
public final class CompatKafka implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CompatKafka.class);

    /** Created by JUnit. */
    public CompatKafka() {}

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Broker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext
                .getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("child-broker", k -> ChildBroker.start(), ChildBroker.class)
                .broker();
    }
}
