package io.sluice.kafka;

import java.lang.System.Logger.Level;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * The kafka-clients interceptors of one producer, called as kafka-clients calls them: {@code onSend} in order on the
 * sending thread before serialization, {@code onAcknowledgement} before the record's callback and when
 * {@code send()} fails, {@code close} when the producer closes. Their exceptions are logged, never passed on.
 */
final class KafkaInterceptorChain<K, V> {
    private static final System.Logger LOG = System.getLogger(KafkaInterceptorChain.class.getName());
    /** kafka-clients 4.x added an acknowledgement with the record's headers; 3.x has only the two-argument one. */
    private static final boolean ACK_WITH_HEADERS = hasAckWithHeaders();

    private final List<ProducerInterceptor<K, V>> interceptors;

    KafkaInterceptorChain(List<ProducerInterceptor<K, V>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    private static boolean hasAckWithHeaders() {
        try {
            ProducerInterceptor.class.getMethod(
                    "onAcknowledgement", RecordMetadata.class, Exception.class, Headers.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    boolean isEmpty() {
        return interceptors.isEmpty();
    }

    List<ProducerInterceptor<K, V>> list() {
        return interceptors;
    }

    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerRecord<K, V> current = record;
        for (ProducerInterceptor<K, V> i : interceptors) {
            try {
                current = i.onSend(current);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Error executing interceptor onSend callback for topic " + record.topic(), e);
            }
        }
        return current;
    }

    void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        for (ProducerInterceptor<K, V> i : interceptors) {
            try {
                if (ACK_WITH_HEADERS) {
                    i.onAcknowledgement(metadata, exception, headers);
                } else {
                    i.onAcknowledgement(metadata, exception);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Error executing interceptor onAcknowledgement callback", e);
            }
        }
    }

    /** Tells the interceptors of a record that {@code send()} threw for. */
    void onSendError(ProducerRecord<K, V> record, Exception exception) {
        if (!interceptors.isEmpty() && record != null) {
            onAcknowledgement(
                    KafkaTypes.failedBeforeSend(record.topic(), record.partition()), exception, record.headers());
        }
    }

    void close() {
        for (ProducerInterceptor<K, V> i : interceptors) {
            try {
                i.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Failed to close producer interceptor", e);
            }
        }
    }
}
