package io.sluice.producer.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.internal.net.BrokerEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapServersTest {

    @Test
    void givesEachAddressANegativeIdInOrderAndDropsRepeats() {
        List<BrokerEndpoint> endpoints = BootstrapServers.parse(
                List.of("a.example:9092", " b.example:9093 ", "[::1]:9094", "a.example:9092"), false);
        assertThat(endpoints)
                .containsExactly(
                        new BrokerEndpoint(-1, "a.example", 9092),
                        new BrokerEndpoint(-2, "b.example", 9093),
                        new BrokerEndpoint(-3, "::1", 9094));
    }

    @Test
    void rejectsEntriesThatAreNotHostAndPortNamingThem() {
        assertThatThrownBy(() -> BootstrapServers.parse(List.of("nohost"), false))
                .hasMessageContaining("'nohost'");
        assertThatThrownBy(() -> BootstrapServers.parse(List.of("h:70000"), false))
                .hasMessageContaining("'h:70000'");
        assertThatThrownBy(() -> BootstrapServers.parse(List.of("h:port"), false))
                .hasMessageContaining("'h:port'");
        assertThatThrownBy(() -> BootstrapServers.parse(List.of(" "), false)).hasMessageContaining("no host:port");
    }

    @Test
    void canonicalizesNamesWhenAsked() {
        List<BrokerEndpoint> endpoints = BootstrapServers.parse(List.of("127.0.0.1:9092"), true);
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0).port()).isEqualTo(9092);
        assertThat(endpoints.get(0).host()).isNotBlank();
    }
}
