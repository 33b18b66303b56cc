package io.sluice.testkit;

import io.sluice.testkit.internal.RunShared;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that shares one single-node cluster and one three-broker cluster among all test classes of a
 * test run. Each starts the first time a test asks for it and closes when the run ends (it lives in the root
 * {@link ExtensionContext.Store}), so a module pays each startup once, not once per class.
 *
 * <p>It resolves parameters of type {@link KafkaCluster} in constructors, lifecycle methods and test methods: a
 * parameter marked {@link ThreeBrokers} gets the three-broker cluster, any other the single node. Before handing out
 * the three-broker cluster it restarts brokers an earlier test left stopped. Tests share the clusters, so each should
 * create its own topics ({@link KafkaCluster#uniqueTopicName(String)}) and leave broker properties alone.
 *
 * <p>A cluster that failed to start is not retried: later tests fail fast with the same cause. A test during which a
 * broker met a fatal fault (and asked to halt the JVM, which the kit refuses) fails after it ends.
 *
 * <pre>{@code
 * @ExtendWith(SharedKafka.class)
 * class ProduceTest {
 *     @Test
 *     void writesOneRecord(KafkaCluster kafka) { ... }
 *
 *     @Test
 *     void survivesLeaderLoss(@ThreeBrokers KafkaCluster kafka) { ... }
 * }
 * }</pre>
 */
public final class SharedKafka implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);
    private static final String FAULTS_BEFORE = "fatal-faults-before";

    /** Created by JUnit through {@code @ExtendWith(SharedKafka.class)}. */
    public SharedKafka() {}

    /** The shared single node of this test run, started on first use. */
    public static KafkaCluster singleNode(ExtensionContext context) {
        return shared(context, "single-node", KafkaCluster::singleNode);
    }

    /** The shared three-broker cluster of this test run, started on first use, with every broker running. */
    public static KafkaCluster threeBrokers(ExtensionContext context) {
        KafkaCluster cluster = shared(context, "three-brokers", KafkaCluster::threeBrokers);
        cluster.restartStoppedBrokers();
        return cluster;
    }

    /** Notes how many fatal Kafka faults the JVM has seen, to tell whether this test saw a new one. */
    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(FAULTS_BEFORE, ExitGuard.requests());
    }

    /** Fails the test if a broker asked to halt or exit the JVM while it ran. */
    @Override
    public void afterEach(ExtensionContext context) {
        Integer before = context.getStore(NAMESPACE).get(FAULTS_BEFORE, Integer.class);
        int during = ExitGuard.requests() - (before == null ? 0 : before);
        if (during > 0) {
            throw new AssertionError(
                    during + " fatal Kafka fault(s) while this test ran: a broker asked to end the JVM;"
                            + " see the ERROR log of " + ExitGuard.class.getName());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return parameterContext.isAnnotated(ThreeBrokers.class)
                    ? threeBrokers(extensionContext)
                    : singleNode(extensionContext);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("could not start the shared Kafka cluster: " + e.getMessage(), e);
        }
    }

    private static KafkaCluster shared(ExtensionContext context, String key, Supplier<KafkaCluster> starter) {
        return RunShared.get(
                context, NAMESPACE, key, KafkaCluster.class, starter, KafkaCluster::close, "the shared cluster");
    }
}
