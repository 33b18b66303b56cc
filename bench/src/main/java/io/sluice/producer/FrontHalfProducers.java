package io.sluice.producer;

import io.sluice.producer.internal.send.ProducerIo;
import io.sluice.producer.internal.time.Clock;
import io.sluice.producer.serde.Serializer;
import java.util.Map;

/**
 * The front-half benchmark's way to a producer whose back half it supplies. The constructor that takes a back half
 * is package-private so no internal type is in the API; this class shares the package from the benchmark's jar,
 * which works on the class path only, where the benchmark runs.
 */
public final class FrontHalfProducers {
    private FrontHalfProducers() {}

    /** Creates a producer whose batches go to {@code io} instead of the network. */
    public static <K, V> SluiceProducer<K, V> create(
            Map<String, ?> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer, ProducerIo.Factory io) {
        return new SluiceProducer<>(configs, keySerializer, valueSerializer, io, Clock.SYSTEM);
    }
}
