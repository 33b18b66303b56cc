package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Micrometer's Kafka binder, bound to the adapter, reports Sluice's counts under Kafka's names. */
@ExtendWith(CompatKafka.class)
@Timeout(120)
class KafkaClientMetricsTest {
    @Test
    void kafkaClientMetricsReportsRecordSendTotalEqualToRecordsSent(Broker broker) {
        String topic = Broker.uniqueTopic("metrics");
        broker.createTopic(topic, 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Producer<String, String> producer = new SluiceKafkaProducer<>(SendAndTransactionsTest.settings(broker));
                KafkaClientMetrics binder = new KafkaClientMetrics(producer)) {
            binder.bindTo(registry);
            for (int i = 0; i < 137; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
            FunctionCounter sent =
                    registry.find("kafka.producer.record.send.total").functionCounter();
            assertThat(sent).as("meters: %s", registry.getMetersAsString()).isNotNull();
            assertThat(sent.count()).isEqualTo(137.0);
        }
    }
}
