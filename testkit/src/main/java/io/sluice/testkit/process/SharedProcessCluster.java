package io.sluice.testkit.process;

import io.sluice.testkit.internal.RunShared;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that shares one {@link ProcessCluster} (one controller, three brokers, a proxy each) among all
 * test classes of a test run: it starts the first time a test asks for it and is closed when the run ends (it lives
 * in the root {@link ExtensionContext.Store}).
 *
 * <p>It resolves parameters of type {@link ProcessCluster}. Before handing the cluster out it restores it: paused
 * brokers are resumed, killed or stopped ones restarted, and every proxy fault is cleared, so what one test broke
 * does not leak into the next. Tests share the cluster, so each should create its own topics.
 *
 * <pre>{@code
 * @ExtendWith(SharedProcessCluster.class)
 * class LeaderCrashTest {
 *     @Test
 *     void survivesKillNine(ProcessCluster kafka) { ... }
 * }
 * }</pre>
 *
 * <p>A cluster that failed to start is not retried: later tests fail fast with the same cause.
 */
public final class SharedProcessCluster implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedProcessCluster.class);

    /** Created by JUnit through {@code @ExtendWith(SharedProcessCluster.class)}. */
    public SharedProcessCluster() {}

    /** The shared cluster of this test run, started on first use, restored to every broker running and no faults. */
    public static ProcessCluster cluster(ExtensionContext context) {
        ProcessCluster cluster = RunShared.get(
                context,
                NAMESPACE,
                "process-cluster",
                ProcessCluster.class,
                ProcessCluster::start,
                ProcessCluster::close,
                "the shared process cluster");
        cluster.restoreAll();
        return cluster;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == ProcessCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return cluster(extensionContext);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("could not start the shared process cluster: " + e.getMessage(), e);
        }
    }
}
