package io.sluice.producer.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.producer.internal.metrics.ProducerMetrics.TransactionCall;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The network, authentication and transaction-call events land in kafka-clients' metric names. */
class ProducerMetricsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ProducerMetrics metrics = new ProducerMetrics(
            new MetricsRegistry(new MetricsConfig(1_000, 2, RecordingLevel.INFO), now::get, List.of()), "c1");

    private Number value(String name) {
        Map<String, Number> values = metrics.producerValues();
        assertThat(values).containsKey(name);
        return values.get(name);
    }

    @Test
    void networkIoCountsEveryCallReportedAndItsRate() {
        metrics.networkIo(3, now.get());
        now.addAndGet(500);
        metrics.networkIo(2, now.get());
        assertThat(value("network-io-total")).isEqualTo(5L);
        assertThat(value("network-io-rate").doubleValue()).isCloseTo(10.0, within(1e-9)); // 5 over 0.5 s
    }

    @Test
    void firstAuthenticationsCountAsSuccessfulAndAsWithoutReauthenticationAsKafkaClientsDoes() {
        metrics.authenticated(now.get());
        metrics.authenticated(now.get());
        metrics.authenticationFailed(now.get());
        assertThat(value("successful-authentication-total")).isEqualTo(2L);
        assertThat(value("successful-authentication-no-reauth-total")).isEqualTo(2L);
        assertThat(value("failed-authentication-total")).isEqualTo(1L);
        assertThat(value("successful-reauthentication-total")).isEqualTo(0L);
        assertThat(value("failed-reauthentication-total")).isEqualTo(0L);
    }

    @Test
    void reauthenticationsCountApartFromFirstAuthenticationsWithTheirLatency() {
        metrics.reauthenticated(0.4, now.get());
        metrics.reauthenticated(3.0, now.get());
        metrics.reauthenticationFailed(now.get());
        assertThat(value("successful-reauthentication-total")).isEqualTo(2L);
        assertThat(value("failed-reauthentication-total")).isEqualTo(1L);
        assertThat(value("successful-authentication-total")).isEqualTo(0L);
        assertThat(value("reauthentication-latency-max").doubleValue()).isEqualTo(3.0);
        assertThat(value("reauthentication-latency-avg").doubleValue()).isCloseTo(1.7, within(1e-9));
    }

    @Test
    void eachTransactionCallSumsItsOwnTime() {
        metrics.transactionCall(TransactionCall.INIT, 1_000, now.get());
        metrics.transactionCall(TransactionCall.BEGIN, 20, now.get());
        metrics.transactionCall(TransactionCall.SEND_OFFSETS, 300, now.get());
        metrics.transactionCall(TransactionCall.COMMIT, 4_000, now.get());
        metrics.transactionCall(TransactionCall.COMMIT, 5_000, now.get());
        metrics.transactionCall(TransactionCall.ABORT, 60, now.get());
        assertThat(value("txn-init-time-ns-total")).isEqualTo(1_000L);
        assertThat(value("txn-begin-time-ns-total")).isEqualTo(20L);
        assertThat(value("txn-send-offsets-time-ns-total")).isEqualTo(300L);
        assertThat(value("txn-commit-time-ns-total")).isEqualTo(9_000L);
        assertThat(value("txn-abort-time-ns-total")).isEqualTo(60L);
        assertThat(value("txn-prepare-time-ns-total")).isEqualTo(0L);
    }

    @Test
    void theNewMetricsAreInProducerMetricsWithTheClientIdTag() {
        assertThat(metrics.registry().metrics().keySet())
                .filteredOn(n -> n.name().equals("network-io-total")
                        || n.name().startsWith("successful-")
                        || n.name().startsWith("failed-")
                        || n.name().startsWith("reauthentication-")
                        || n.name().startsWith("txn-"))
                .hasSize(18)
                .allSatisfy(n -> {
                    assertThat(n.group()).isEqualTo(ProducerMetrics.PRODUCER_GROUP);
                    assertThat(n.tags()).isEqualTo(Map.of("client-id", "c1"));
                });
    }
}
