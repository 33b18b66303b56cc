package io.sluice.producer;

import java.lang.System.Logger.Level;
import java.util.List;

/** The configured interceptors, called in order; their exceptions are logged and do not stop the send. */
final class Interceptors<K, V> {
    private static final System.Logger LOG = System.getLogger(Interceptors.class.getName());

    private final List<ProducerInterceptor<K, V>> interceptors;

    Interceptors(List<ProducerInterceptor<K, V>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    boolean isEmpty() {
        return interceptors.isEmpty();
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

    void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        for (ProducerInterceptor<K, V> i : interceptors) {
            try {
                i.onAcknowledgement(metadata, exception);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Error executing interceptor onAcknowledgement callback", e);
            }
        }
    }

    /** Wraps a callback so interceptors hear of the outcome first. */
    Callback wrap(Callback callback) {
        if (interceptors.isEmpty()) {
            return callback;
        }
        return (md, e) -> {
            onAcknowledgement(md, e);
            if (callback != null) {
                callback.onCompletion(md, e);
            }
        };
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
