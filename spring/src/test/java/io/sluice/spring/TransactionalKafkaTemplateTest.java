package io.sluice.spring;

import static io.sluice.spring.TestApplication.createdProducers;
import static io.sluice.spring.TestApplication.producerFactory;
import static io.sluice.spring.TestApplication.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.kafka.SluiceKafkaProducer;
import io.sluice.testkit.StoredRecord;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Boot's transactional {@link KafkaTemplate} ({@code spring.kafka.producer.transaction-id-prefix}) and its
 * {@link KafkaTransactionManager}, producing through Sluice: what commits is visible to a {@code read_committed}
 * consumer, what rolls back is written, aborted and invisible.
 */
@ExtendWith(TestKafka.class)
@Timeout(120)
class TransactionalKafkaTemplateTest {
    @Test
    void executeInTransactionCommitsAreVisibleAndRollbacksInvisible(TestKafka.Kafka kafka) {
        String topic = TestKafka.Kafka.uniqueTopic("spring-txn");
        kafka.createTopic(topic);
        try (ConfigurableApplicationContext app = startTransactional(kafka, topic)) {
            List<Producer<String, String>> created = createdProducers(producerFactory(app));
            KafkaTemplate<String, String> template = template(app);
            assertThat(template.isTransactional()).isTrue();

            template.executeInTransaction(operations -> operations.send(topic, "k", "committed"));
            assertThatThrownBy(() -> template.executeInTransaction(operations -> {
                        operations.send(topic, "k", "rolled back");
                        operations.flush(); // on the broker before the abort, so the abort has something to hide
                        throw new IllegalStateException("the business logic failed");
                    }))
                    .isInstanceOf(IllegalStateException.class);
            template.executeInTransaction(operations -> operations.send(topic, "k", "committed after the rollback"));

            assertThat(created)
                    .isNotEmpty()
                    .allSatisfy(producer -> assertThat(producer).isInstanceOf(SluiceKafkaProducer.class));
        }
        assertVisibility(kafka, topic);
    }

    @Test
    void kafkaTransactionManagerCommitsAndRollsBackOnSluice(TestKafka.Kafka kafka) {
        String topic = TestKafka.Kafka.uniqueTopic("spring-txn-manager");
        kafka.createTopic(topic);
        try (ConfigurableApplicationContext app = startTransactional(kafka, topic)) {
            ProducerFactory<String, String> factory = producerFactory(app);
            List<Producer<String, String>> created = createdProducers(factory);
            KafkaTransactionManager<?, ?> manager = app.getBean(KafkaTransactionManager.class);
            assertThat(manager.getProducerFactory()).isSameAs(factory);
            TransactionTemplate transaction = new TransactionTemplate(manager);
            KafkaTemplate<String, String> template = template(app);

            transaction.executeWithoutResult(status -> template.send(topic, "k", "committed"));
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                        template.send(topic, "k", "rolled back");
                        template.flush();
                        throw new IllegalStateException("the business logic failed");
                    }))
                    .isInstanceOf(IllegalStateException.class);
            transaction.executeWithoutResult(status -> template.send(topic, "k", "committed after the rollback"));

            assertThat(created)
                    .isNotEmpty()
                    .allSatisfy(producer -> assertThat(producer).isInstanceOf(SluiceKafkaProducer.class));
        }
        assertVisibility(kafka, topic);
    }

    private static ConfigurableApplicationContext startTransactional(TestKafka.Kafka kafka, String topic) {
        return TestApplication.start(kafka, "spring.kafka.producer.transaction-id-prefix=" + topic + "-tx-");
    }

    /** The rolled-back record reached the log (read_uncommitted sees it) but read_committed never does. */
    private static void assertVisibility(TestKafka.Kafka kafka, String topic) {
        assertThat(kafka.readCommitted(topic))
                .extracting(StoredRecord::valueString)
                .containsExactly("committed", "committed after the rollback");
        assertThat(kafka.readUncommitted(topic))
                .extracting(StoredRecord::valueString)
                .containsExactly("committed", "rolled back", "committed after the rollback");
    }
}
