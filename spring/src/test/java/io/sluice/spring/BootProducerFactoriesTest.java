package io.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;

/** Boot's recipe for the producer factory, without a broker: what reaches the factory's configuration. */
class BootProducerFactoriesTest {

    @Test
    void connectionDetailsOverrideThePropertiesAsInBoot() {
        Map<String, Object> properties = new HashMap<>(Map.of("bootstrap.servers", List.of("from-properties:9092")));

        SluiceProducerFactory<Object, Object> factory = BootProducerFactories.create(
                properties, List.of("from-connection:9092"), "SASL_SSL", null, "orders-", Stream.empty());

        assertThat(factory.getConfigurationProperties())
                .containsEntry("bootstrap.servers", List.of("from-connection:9092"))
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(factory.getTransactionIdPrefix()).isEqualTo("orders-");
    }

    @Test
    void refusesAnSslBundleItCouldNotUse() {
        SslBundle bundle = SslBundle.of(null);

        assertThatThrownBy(() -> BootProducerFactories.create(
                        new HashMap<>(), List.of("localhost:9092"), null, bundle, null, Stream.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SSL bundle")
                .hasMessageContaining("ssl.engine.factory.class")
                .hasMessageContaining("sluice.enabled=false");
    }
}
