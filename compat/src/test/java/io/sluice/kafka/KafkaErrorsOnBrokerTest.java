package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Failures surface as the kafka-clients types, thrown or completed where KafkaProducer puts them. */
@ExtendWith(CompatKafka.class)
@Timeout(120)
class KafkaErrorsOnBrokerTest {
    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst(Broker broker) throws Exception {
        String topic = Broker.uniqueTopic("fence");
        broker.createTopic(topic, 1);
        Map<String, Object> settings = SendAndTransactionsTest.settings(broker);
        settings.put("transactional.id", Broker.uniqueTopic("fenced-id"));
        try (Producer<String, String> first = new SluiceKafkaProducer<>(settings)) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(topic, "k", "from-the-first")).get(30, TimeUnit.SECONDS);
            try (Producer<String, String> second = new SluiceKafkaProducer<>(settings)) {
                second.initTransactions();
                assertThatThrownBy(first::commitTransaction)
                        .isInstanceOf(ProducerFencedException.class)
                        .hasCauseInstanceOf(io.sluice.producer.errors.ProducerFencedException.class);
                assertThatThrownBy(() -> first.send(new ProducerRecord<>(topic, "k", "late")))
                        .isInstanceOf(ProducerFencedException.class);
            }
        }
    }

    @Test
    void anOversizedRecordFailsItsFutureAndCallbackWithRecordTooLarge(Broker broker) throws Exception {
        String topic = Broker.uniqueTopic("large");
        broker.createTopic(topic, 1);
        AtomicReference<Exception> seen = new AtomicReference<>();
        try (Producer<String, String> producer = new SluiceKafkaProducer<>(SendAndTransactionsTest.settings(broker))) {
            Future<RecordMetadata> future =
                    producer.send(new ProducerRecord<>(topic, "k", "x".repeat(2_000_000)), (md, e) -> seen.set(e));
            assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("max.request.size");
            producer.flush();
        }
        assertThat(seen.get()).isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void aBadSettingIsAConfigExceptionNamingTheKey(Broker broker) {
        Map<String, Object> settings = SendAndTransactionsTest.settings(broker);
        settings.put("acks", "sometimes");
        assertThatThrownBy(() -> new SluiceKafkaProducer<>(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("acks")
                .hasMessageContaining("sometimes");
    }

    @Test
    void anUnknownSerializerClassIsAConfigExceptionNamingTheKey(Broker broker) {
        Map<String, Object> settings = SendAndTransactionsTest.settings(broker);
        settings.put("value.serializer", "com.example.NoSuchSerializer");
        assertThatThrownBy(() -> new SluiceKafkaProducer<>(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.serializer");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueTheSerializerCannotTakeIsThrownFromSendAndNeverReachesTheCallback(Broker broker) {
        String topic = Broker.uniqueTopic("ser");
        AtomicReference<Exception> seen = new AtomicReference<>();
        try (Producer raw = new SluiceKafkaProducer<>(SendAndTransactionsTest.settings(broker))) {
            assertThatThrownBy(() -> raw.send(new ProducerRecord(topic, "k", 42), (md, e) -> seen.set(e)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("value.serializer");
            raw.flush();
        }
        assertThat(seen.get()).isNull();
    }

    @Test
    void aClosedProducerRefusesToSend(Broker broker) {
        Producer<String, String> producer = new SluiceKafkaProducer<>(SendAndTransactionsTest.settings(broker));
        producer.close(Duration.ofSeconds(5));
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("t", "v")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> producer.close(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
