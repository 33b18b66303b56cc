package io.sluice.producer.internal.txn;

import io.sluice.producer.errors.ClusterAuthorizationException;
import io.sluice.producer.errors.ProducerFencedException;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.errors.TransactionAbortableException;
import io.sluice.producer.errors.TransactionFatalException;
import io.sluice.producer.errors.TransactionalIdAuthorizationException;
import io.sluice.protocol.Errors;

/**
 * Sorts the transaction coordinator's and group coordinator's answers into retriable, abortable and fatal, and
 * builds the exception a caller gets for each.
 */
final class TxnErrors {
    private TxnErrors() {}

    /** What to do with an error. */
    enum Kind {
        RETRY,
        /** Retry after finding the coordinator again: it moved or is gone. */
        REDISCOVER,
        ABORTABLE,
        FATAL
    }

    /** For InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn and EndTxn, answered by the transaction coordinator. */
    static Kind classifyTxnCoordinator(Errors error) {
        return switch (error) {
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> Kind.REDISCOVER;
            case COORDINATOR_LOAD_IN_PROGRESS,
                    CONCURRENT_TRANSACTIONS,
                    REQUEST_TIMED_OUT,
                    NETWORK_EXCEPTION,
                    UNKNOWN_TOPIC_OR_PARTITION,
                    OPERATION_NOT_ATTEMPTED -> Kind.RETRY;
            case TOPIC_AUTHORIZATION_FAILED,
                    GROUP_AUTHORIZATION_FAILED,
                    TRANSACTION_ABORTABLE,
                    INVALID_PRODUCER_ID_MAPPING -> Kind.ABORTABLE;
            default -> Kind.FATAL;
        };
    }

    /** For TxnOffsetCommit, answered per partition by the group coordinator. */
    static Kind classifyOffsetCommit(Errors error) {
        return switch (error) {
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, REQUEST_TIMED_OUT -> Kind.REDISCOVER;
            case COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS, UNKNOWN_TOPIC_OR_PARTITION, NETWORK_EXCEPTION ->
                Kind.RETRY;
            case UNKNOWN_MEMBER_ID,
                    ILLEGAL_GENERATION,
                    REBALANCE_IN_PROGRESS,
                    FENCED_INSTANCE_ID,
                    GROUP_AUTHORIZATION_FAILED,
                    TOPIC_AUTHORIZATION_FAILED,
                    TRANSACTION_ABORTABLE,
                    INVALID_COMMIT_OFFSET_SIZE,
                    OFFSET_METADATA_TOO_LARGE -> Kind.ABORTABLE;
            default -> Kind.FATAL;
        };
    }

    /**
     * The fatal exception for a coordinator's error: a stale epoch on the coordinator means another producer took
     * over, as in Kafka's producer, so it is reported as fencing.
     */
    static SluiceApiException fatal(Errors error, String what) {
        String detail = what + " failed: " + error.description() + "; close the producer";
        return switch (error) {
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED ->
                new ProducerFencedException(
                        what + " failed: another producer with the same transactional.id took over" + " ("
                                + error.description() + "); close this producer",
                        null,
                        -1,
                        error.name(),
                        null);
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED ->
                new TransactionalIdAuthorizationException(detail, null, -1, error.name(), null);
            case CLUSTER_AUTHORIZATION_FAILED ->
                new ClusterAuthorizationException(detail, null, -1, error.name(), null);
            default -> new TransactionFatalException(detail, error.name(), null);
        };
    }

    static TransactionAbortableException abortable(Errors error, String what) {
        return new TransactionAbortableException(
                what + " failed: " + error.description() + "; call abortTransaction() and start again",
                error.name(),
                null);
    }

    /** An abortable error caused by a record or request failure. */
    static TransactionAbortableException abortable(String detail, RuntimeException cause) {
        String name = cause instanceof SluiceApiException api ? api.errorName() : null;
        return new TransactionAbortableException(
                detail + ": " + cause.getMessage() + "; call abortTransaction() and start again", name, cause);
    }

    /**
     * A fresh exception of the same type as {@code stored}, to throw on the calling thread with its own stack: the
     * error that moved the producer to its error state is kept as the cause.
     */
    static RuntimeException rethrowable(RuntimeException stored) {
        if (!(stored instanceof SluiceApiException api)) {
            return stored;
        }
        String detail = detail(api);
        String name = api.errorName();
        if (stored instanceof ProducerFencedException) {
            return new ProducerFencedException(detail, null, -1, name, stored);
        }
        if (stored instanceof TransactionalIdAuthorizationException) {
            return new TransactionalIdAuthorizationException(detail, null, -1, name, stored);
        }
        if (stored instanceof ClusterAuthorizationException) {
            return new ClusterAuthorizationException(detail, null, -1, name, stored);
        }
        if (stored instanceof TransactionAbortableException) {
            return new TransactionAbortableException(detail, name, stored);
        }
        if (stored instanceof TransactionFatalException) {
            return new TransactionFatalException(detail, name, stored);
        }
        return stored;
    }

    /** The message without the {@code [topic=..., error=...]} suffix, which the new exception adds again. */
    private static String detail(SluiceApiException e) {
        String m = e.getMessage();
        int at = m.lastIndexOf(" [");
        return at > 0 && m.endsWith("]") ? m.substring(0, at) : m;
    }
}
