package io.sluice.kafka;

import io.sluice.producer.Headers;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A kafka-clients {@link Serializer} as a Sluice serializer, so the record still takes Sluice's one road.
 *
 * <p>kafka-clients throws a serializer's failure from {@code send()} instead of failing the future. Sluice fails the
 * future, so this bridge also leaves the failure in a per-thread slot: serialization runs on the thread that calls
 * {@code send()}, and the adapter takes the failure from the slot right after Sluice returns and throws it.
 */
final class KafkaSerializerBridge<T> implements io.sluice.producer.serde.Serializer<T> {
    private static final ThreadLocal<RuntimeException> LAST_FAILURE = new ThreadLocal<>();

    private final Serializer<T> serializer;
    private final String settingName;
    private final String what;
    /** Whether the serializer reads headers; if not, no headers view is made per record. */
    private final boolean usesHeaders;

    KafkaSerializerBridge(Serializer<T> serializer, boolean isKey) {
        this.serializer = serializer;
        this.settingName = isKey ? "key.serializer" : "value.serializer";
        this.what = isKey ? "key" : "value";
        this.usesHeaders = overridesHeadersVariant(serializer.getClass());
    }

    private static boolean overridesHeadersVariant(Class<?> type) {
        try {
            return type.getMethod("serialize", String.class, org.apache.kafka.common.header.Headers.class, Object.class)
                            .getDeclaringClass()
                    != Serializer.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /** Returns and clears the failure the calling thread's last serialization left, or {@code null}. */
    static RuntimeException takeFailure() {
        RuntimeException failure = LAST_FAILURE.get();
        if (failure != null) {
            LAST_FAILURE.remove();
        }
        return failure;
    }

    /** Whether a Sluice failure came from this bridge, so the adapter has thrown it from {@code send()} already. */
    static boolean isThrownFromSend(Throwable sluiceFailure) {
        return sluiceFailure instanceof io.sluice.producer.errors.SerializationException
                && sluiceFailure.getCause() instanceof ThrownFromSend;
    }

    Serializer<T> kafkaSerializer() {
        return serializer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // The adapter configures the Kafka serializer itself, with kafka-clients' rules (instances are not).
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        try {
            return usesHeaders && headers != null
                    ? serializer.serialize(topic, new KafkaHeadersView(headers), data)
                    : serializer.serialize(topic, data);
        } catch (ClassCastException e) {
            throw fail(new SerializationException(
                    "Can't convert " + what + " of class " + data.getClass().getName() + " to class "
                            + serializer.getClass().getName() + " specified in " + settingName,
                    e));
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    private static RuntimeException fail(RuntimeException e) {
        LAST_FAILURE.set(e);
        return new ThrownFromSend(e);
    }

    @Override
    public void close() {
        serializer.close();
    }

    /** Marks, for the completion Sluice delivers later, a failure the adapter already threw from send(). */
    private static final class ThrownFromSend extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ThrownFromSend(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
