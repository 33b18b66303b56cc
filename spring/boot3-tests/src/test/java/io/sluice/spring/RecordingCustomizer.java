package io.sluice.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * A customizer bean as an application declares one (Boot 3.5's interface; Boot 4.0's twin is in the starter's
 * src/test/boot4): records the factories it customized and sets the physical close timeout to
 * {@link #CLOSE_TIMEOUT_SECONDS}.
 */
class RecordingCustomizer implements DefaultKafkaProducerFactoryCustomizer {
    static final int CLOSE_TIMEOUT_SECONDS = 7;

    private final List<DefaultKafkaProducerFactory<?, ?>> customized = new CopyOnWriteArrayList<>();

    @Override
    public void customize(DefaultKafkaProducerFactory<?, ?> producerFactory) {
        customized.add(producerFactory);
        producerFactory.setPhysicalCloseTimeout(CLOSE_TIMEOUT_SECONDS);
    }

    List<DefaultKafkaProducerFactory<?, ?>> customized() {
        return customized;
    }
}
