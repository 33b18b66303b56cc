package io.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ProducerFactory;

/** The starter on the classpath of an application without Spring Kafka does nothing. */
class WithoutSpringKafkaTest {

    @Test
    void anApplicationWithoutSpringKafkaStartsWithoutAProducerFactory() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("org.springframework.kafka"))
                .withUserConfiguration(TestApplication.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeanNamesForType(ProducerFactory.class))
                            .isEmpty();
                });
    }
}
