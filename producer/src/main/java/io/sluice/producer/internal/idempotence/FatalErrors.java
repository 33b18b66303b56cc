package io.sluice.producer.internal.idempotence;

import io.sluice.producer.errors.ClusterAuthorizationException;
import io.sluice.producer.errors.InvalidProducerEpochException;
import io.sluice.producer.errors.ProducerFencedException;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.errors.TransactionalIdAuthorizationException;
import io.sluice.producer.errors.UnsupportedVersionException;

/**
 * The errors batches fail with once the idempotent producer is in its fatal state: the same type and Kafka error
 * name as the error that caused it, so callers handle both alike, and a message that says what to do.
 */
final class FatalErrors {
    private FatalErrors() {}

    static SluiceApiException forBatch(RuntimeException cause, String errorName, String topic, int partition) {
        String detail = "The producer hit a fatal error and cannot send any more records without risking"
                + " duplicates or loss (" + cause.getMessage() + "); close it and create a new producer";
        String name = errorName == null ? "UNKNOWN_SERVER_ERROR" : errorName;
        if (cause instanceof ProducerFencedException) {
            // A coordinator's INVALID_PRODUCER_EPOCH means fencing too: the batch says so, whatever the name.
            return new ProducerFencedException(detail, topic, partition, name, cause);
        }
        return switch (name) {
            case "PRODUCER_FENCED" -> new ProducerFencedException(detail, topic, partition, name, cause);
            case "INVALID_PRODUCER_EPOCH" -> new InvalidProducerEpochException(detail, topic, partition, name, cause);
            case "CLUSTER_AUTHORIZATION_FAILED" ->
                new ClusterAuthorizationException(detail, topic, partition, name, cause);
            case "TRANSACTIONAL_ID_AUTHORIZATION_FAILED" ->
                new TransactionalIdAuthorizationException(detail, topic, partition, name, cause);
            case "UNSUPPORTED_VERSION" -> new UnsupportedVersionException(detail, topic, partition, name, cause);
            default -> new SluiceApiException(detail, topic, partition, name, cause);
        };
    }
}
