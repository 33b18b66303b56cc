package io.sluice.spring;

import static io.sluice.spring.TestApplication.createdProducers;
import static io.sluice.spring.TestApplication.producerFactory;
import static io.sluice.spring.TestApplication.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.kafka.SluiceKafkaProducer;
import io.sluice.testkit.StoredRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;

/** Boot's auto-configured, non-transactional {@link KafkaTemplate} with the starter on the classpath, and without. */
@ExtendWith(TestKafka.class)
@Timeout(120)
class KafkaTemplateThroughSluiceTest {
    @Test
    void kafkaTemplateSendsThroughSluice(TestKafka.Kafka kafka) throws Exception {
        String topic = TestKafka.Kafka.uniqueTopic("spring-plain");
        kafka.createTopic(topic);
        try (ConfigurableApplicationContext app =
                TestApplication.start(kafka, "spring.kafka.producer.client-id=orders-app")) {
            ProducerFactory<String, String> factory = producerFactory(app);
            assertThat(factory).isInstanceOf(SluiceProducerFactory.class);
            List<Producer<String, String>> created = createdProducers(factory);

            SendResult<String, String> first =
                    template(app).send(topic, "order-17", "created").get(30, TimeUnit.SECONDS);
            SendResult<String, String> second =
                    template(app).send(topic, "order-17", "paid").get(30, TimeUnit.SECONDS);

            assertThat(first.getRecordMetadata().offset()).isZero();
            assertThat(second.getRecordMetadata().offset()).isEqualTo(1);
            assertThat(created).singleElement().isInstanceOf(SluiceKafkaProducer.class);
            // Boot's spring.kafka.producer.client-id reaches Sluice, with the suffix Spring adds per producer.
            assertThat(created.get(0).metrics().keySet())
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(name.tags()).containsEntry("client-id", "orders-app-1"));
        }
        List<StoredRecord> stored = kafka.readUncommitted(topic);
        assertThat(stored).extracting(StoredRecord::keyString).containsExactly("order-17", "order-17");
        assertThat(stored).extracting(StoredRecord::valueString).containsExactly("created", "paid");
    }

    @Test
    void sluiceEnabledFalseGivesBackKafkasOwnProducer(TestKafka.Kafka kafka) throws Exception {
        String topic = TestKafka.Kafka.uniqueTopic("spring-off");
        kafka.createTopic(topic);
        try (ConfigurableApplicationContext app = TestApplication.start(kafka, "sluice.enabled=false")) {
            ProducerFactory<String, String> factory = producerFactory(app);
            assertThat(factory).isExactlyInstanceOf(DefaultKafkaProducerFactory.class);
            List<Producer<String, String>> created = createdProducers(factory);

            template(app).send(topic, "k", "through kafka-clients").get(30, TimeUnit.SECONDS);

            assertThat(created).singleElement().isExactlyInstanceOf(KafkaProducer.class);
        }
        assertThat(kafka.readUncommitted(topic))
                .extracting(StoredRecord::valueString)
                .containsExactly("through kafka-clients");
    }

    @Test
    void bootsCustomizersCustomizeTheSluiceFactory(TestKafka.Kafka kafka) {
        try (ConfigurableApplicationContext app =
                TestApplication.startWith(List.of(RecordingCustomizer.class), kafka)) {
            ProducerFactory<String, String> factory = producerFactory(app);

            assertThat(app.getBean(RecordingCustomizer.class).customized())
                    .singleElement()
                    .isSameAs(factory);
            assertThat(factory.getPhysicalCloseTimeout())
                    .isEqualTo(Duration.ofSeconds(RecordingCustomizer.CLOSE_TIMEOUT_SECONDS));
        }
    }

    @Test
    void anApplicationsOwnProducerFactoryIsLeftAlone(TestKafka.Kafka kafka) {
        try (ConfigurableApplicationContext app = TestApplication.startWith(List.of(OwnProducerFactory.class), kafka)) {
            assertThat(app.getBeansOfType(ProducerFactory.class)).containsOnlyKeys("ownProducerFactory");
            assertThat(producerFactory(app)).isExactlyInstanceOf(DefaultKafkaProducerFactory.class);
        }
    }

    /** An application that defines its producer factory itself: Boot's backs off, and so does the starter. */
    @Configuration(proxyBeanMethods = false)
    static class OwnProducerFactory {
        @Bean
        ProducerFactory<Object, Object> ownProducerFactory(Environment environment) {
            return new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    environment.getRequiredProperty("spring.kafka.bootstrap-servers"),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class));
        }
    }
}
