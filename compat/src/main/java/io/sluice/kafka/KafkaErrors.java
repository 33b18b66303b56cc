package io.sluice.kafka;

import io.sluice.producer.errors.SluiceApiException;
import java.util.Set;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.protocol.Errors;

/**
 * Turns Sluice's exceptions into the kafka-clients types a user's {@code catch} expects, keeping Sluice's message and
 * the Sluice exception as the cause. Exceptions that are not Sluice's (an {@code IllegalStateException}, a
 * plug-in's own) pass through unchanged.
 */
final class KafkaErrors {
    private KafkaErrors() {}

    /** Returns the kafka-clients exception for {@code e}, or {@code e} itself when it needs no translation. */
    static RuntimeException translate(Throwable e) {
        if (e instanceof KafkaException k) {
            return k;
        }
        if (e instanceof io.sluice.producer.errors.InterruptException) {
            // Kafka's InterruptException sets the thread's interrupt flag again, as Sluice's did.
            return withCause(new InterruptException(e.getMessage()), e);
        }
        if (e instanceof io.sluice.producer.errors.ConfigException) {
            return withCause(new ConfigException(e.getMessage()), e);
        }
        if (e instanceof io.sluice.producer.errors.AuthenticationException) {
            return withCause(new org.apache.kafka.common.errors.AuthenticationException(e.getMessage()), e);
        }
        if (e instanceof SluiceApiException api) {
            return withCause(api(api), e);
        }
        if (e instanceof io.sluice.producer.errors.BootstrapResolutionException) {
            return bootstrapResolution(e);
        }
        if (e instanceof io.sluice.producer.errors.SluiceException) {
            // Transaction-fatal and closed-producer failures: Kafka reports both as a plain KafkaException.
            return new KafkaException(e.getMessage(), e);
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new KafkaException(e.getMessage(), e);
    }

    /**
     * Kafka's own type where the user's kafka-clients has it (4.4 and later), else a plain KafkaException. Found by
     * name: a direct reference would stop this class from loading at all with kafka-clients 3.x.
     */
    private static RuntimeException bootstrapResolution(Throwable e) {
        try {
            return (RuntimeException) Class.forName("org.apache.kafka.common.errors.BootstrapResolutionException")
                    .getConstructor(String.class, Throwable.class)
                    .newInstance(e.getMessage(), e);
        } catch (ReflectiveOperationException | LinkageError olderKafkaClients) {
            return new KafkaException(e.getMessage(), e);
        }
    }

    /** The exception a failed future or callback carries: never null for a failure. */
    static Exception forCompletion(Exception e) {
        return e == null ? null : translate(e);
    }

    private static RuntimeException api(SluiceApiException e) {
        String message = e.getMessage();
        if (e instanceof io.sluice.producer.errors.BufferExhaustedException) {
            return new BufferExhaustedException(message);
        }
        if (e instanceof io.sluice.producer.errors.SerializationException) {
            return new org.apache.kafka.common.errors.SerializationException(message);
        }
        if (e instanceof io.sluice.producer.errors.TopicAuthorizationException) {
            return new TopicAuthorizationException(message, e.topic() == null ? Set.of() : Set.of(e.topic()));
        }
        if (e instanceof io.sluice.producer.errors.TransactionAbortableException) {
            return new org.apache.kafka.common.errors.TransactionAbortableException(message);
        }
        if (e instanceof io.sluice.producer.errors.TransactionAbortedException) {
            return new org.apache.kafka.common.errors.TransactionAbortedException(message);
        }
        if (e instanceof io.sluice.producer.errors.ProducerFencedException) {
            return new org.apache.kafka.common.errors.ProducerFencedException(message);
        }
        if (e instanceof io.sluice.producer.errors.InvalidProducerEpochException) {
            return new org.apache.kafka.common.errors.InvalidProducerEpochException(message);
        }
        if (e instanceof io.sluice.producer.errors.TimeoutException) {
            return new org.apache.kafka.common.errors.TimeoutException(message);
        }
        if (e instanceof io.sluice.producer.errors.RecordTooLargeException) {
            return new org.apache.kafka.common.errors.RecordTooLargeException(message);
        }
        if (e instanceof io.sluice.producer.errors.RecordBatchTooLargeException) {
            return new org.apache.kafka.common.errors.RecordBatchTooLargeException(message);
        }
        if (e instanceof io.sluice.producer.errors.UnknownTopicOrPartitionException) {
            return new org.apache.kafka.common.errors.UnknownTopicOrPartitionException(message);
        }
        if (e instanceof io.sluice.producer.errors.InvalidTopicException) {
            return new org.apache.kafka.common.errors.InvalidTopicException(message);
        }
        if (e instanceof io.sluice.producer.errors.TransactionalIdAuthorizationException) {
            return new org.apache.kafka.common.errors.TransactionalIdAuthorizationException(message);
        }
        if (e instanceof io.sluice.producer.errors.ClusterAuthorizationException) {
            return new org.apache.kafka.common.errors.ClusterAuthorizationException(message);
        }
        if (e instanceof io.sluice.producer.errors.AuthorizationException) {
            return new org.apache.kafka.common.errors.AuthorizationException(message);
        }
        return byErrorName(e);
    }

    /** Every other broker error by its protocol name, which kafka-clients maps to its own exception type. */
    private static RuntimeException byErrorName(SluiceApiException e) {
        if (e.errorName() != null) {
            try {
                ApiException mapped = Errors.valueOf(e.errorName()).exception(e.getMessage());
                if (mapped != null) {
                    return mapped;
                }
            } catch (IllegalArgumentException unknownToThisKafkaVersion) {
                // Fall through: a plain KafkaException still carries the message and the cause.
            }
        }
        return new KafkaException(e.getMessage());
    }

    private static RuntimeException withCause(RuntimeException kafka, Throwable cause) {
        if (kafka.getCause() == null) {
            try {
                kafka.initCause(cause);
            } catch (IllegalStateException alreadySet) {
                // A constructor set the cause (even to null): keep the message, which says the same.
            }
        }
        return kafka;
    }
}
