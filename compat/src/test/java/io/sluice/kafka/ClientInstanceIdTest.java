package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code clientInstanceId(Duration)} behaves as {@code KafkaProducer}'s on a broker without a telemetry plugin. */
@ExtendWith(CompatKafka.class)
@Timeout(120)
class ClientInstanceIdTest {

    @Test
    void isRefusedWithPushOff(Broker broker) {
        Map<String, Object> settings = SendAndTransactionsTest.settings(broker);
        settings.put("enable.metrics.push", "false");
        try (Producer<String, String> producer = new SluiceKafkaProducer<>(settings)) {
            assertThatThrownBy(() -> producer.clientInstanceId(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("enable.metrics.push");
            assertThatThrownBy(() -> producer.clientInstanceId(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void isNullWhenTheBrokerOffersNoTelemetry(Broker broker) throws Exception {
        String topic = Broker.uniqueTopic("instance-id");
        broker.createTopic(topic, 1);
        try (Producer<String, String> producer = new SluiceKafkaProducer<>(SendAndTransactionsTest.settings(broker))) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            assertThat(producer.clientInstanceId(Duration.ofSeconds(30))).isNull();
            assertThatThrownBy(() -> producer.clientInstanceId(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
