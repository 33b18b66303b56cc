package io.sluice.producer.txn;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.internal.RunShared;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One single-node cluster per transaction protocol version, shared by every test class of the run: a
 * {@code transaction.version=1} cluster of its own, and the run's shared single node (Kafka 4.3 formats it at
 * {@code transaction.version=2}; the tests check that the producer really spoke v2 there). A test method asks
 * for a {@link Clusters} parameter.
 */
final class TransactionClusters implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TransactionClusters.class);

    /** Both clusters; {@link #of(int)} picks one by transaction version. */
    record Clusters(ExtensionContext context) {
        KafkaCluster of(int transactionVersion) {
            if (transactionVersion >= 2) {
                return SharedKafka.singleNode(context);
            }
            return RunShared.get(
                    context,
                    NAMESPACE,
                    "transaction-version-1",
                    KafkaCluster.class,
                    () -> KafkaCluster.builder()
                            .brokers(1)
                            .transactionVersion(1)
                            .start(),
                    KafkaCluster::close,
                    "the transaction.version=1 cluster");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Clusters.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Clusters(context);
    }
}
