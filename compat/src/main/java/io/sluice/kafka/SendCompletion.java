package io.sluice.kafka;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * One record's outcome in kafka-clients' types: the Sluice callback that hears it, and the future {@code send()}
 * returns, in one object so a record costs one allocation here. Sluice calls it on its callback thread in send
 * order per partition; it tells the interceptors, then the user's callback, then completes the future, the order
 * kafka-clients uses (a {@code get()} returns after the callback ran).
 */
final class SendCompletion<K, V> extends CompletableFuture<RecordMetadata> implements io.sluice.producer.Callback {
    private static final System.Logger LOG = System.getLogger(SendCompletion.class.getName());

    private final Callback callback;
    private final KafkaInterceptorChain<K, V> interceptors;
    private final Headers headers;

    SendCompletion(Callback callback, KafkaInterceptorChain<K, V> interceptors, Headers headers) {
        this.callback = callback;
        this.interceptors = interceptors;
        this.headers = headers;
    }

    @Override
    public void onCompletion(io.sluice.producer.RecordMetadata metadata, Exception exception) {
        if (exception != null && KafkaSerializerBridge.isThrownFromSend(exception)) {
            return; // send() threw this one, as kafka-clients does; nobody waits on this future.
        }
        RecordMetadata md = KafkaTypes.metadata(metadata);
        Exception error = KafkaErrors.forCompletion(exception);
        if (!interceptors.isEmpty()) {
            interceptors.onAcknowledgement(md, error, headers);
        }
        if (callback != null) {
            try {
                callback.onCompletion(md, error);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.ERROR,
                        "Error executing user-provided callback on message for topic-partition " + md.topic() + "-"
                                + md.partition(),
                        e);
            }
        }
        if (error == null) {
            complete(md);
        } else {
            completeExceptionally(error);
        }
    }

    /** kafka-clients' send futures cannot be cancelled; neither can this one. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }
}
