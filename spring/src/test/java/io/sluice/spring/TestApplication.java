package io.sluice.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The smallest Spring Boot application with Kafka: nothing but auto-configuration, as an application that only added
 * the starter has. It compiles against Boot 4.0 and 3.5 alike, so both test modules run the same tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

    /** Starts the application against {@code kafka}, with String serializers and the given extra properties. */
    static ConfigurableApplicationContext start(TestKafka.Kafka kafka, String... properties) {
        return startWith(List.of(), kafka, properties);
    }

    /** Starts the application with more configuration classes (beans an application would declare). */
    static ConfigurableApplicationContext startWith(
            List<Class<?>> configurations, TestKafka.Kafka kafka, String... properties) {
        List<String> all = new ArrayList<>();
        all.add("spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        all.add("spring.kafka.producer.key-serializer=" + StringSerializer.class.getName());
        all.add("spring.kafka.producer.value-serializer=" + StringSerializer.class.getName());
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(TestApplication.class)
                .sources(configurations.toArray(Class<?>[]::new))
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(all.toArray(String[]::new))
                .run();
    }

    @SuppressWarnings("unchecked")
    static KafkaTemplate<String, String> template(ConfigurableApplicationContext app) {
        return app.getBean(KafkaTemplate.class);
    }

    @SuppressWarnings("unchecked")
    static ProducerFactory<String, String> producerFactory(ConfigurableApplicationContext app) {
        return app.getBean(ProducerFactory.class);
    }

    /**
     * Every raw producer the factory creates from now on, as it comes out of the factory before Spring wraps it: a
     * post-processor sees it, which also shows the factory still applies post-processors.
     */
    static List<Producer<String, String>> createdProducers(ProducerFactory<String, String> factory) {
        List<Producer<String, String>> created = new CopyOnWriteArrayList<>();
        factory.addPostProcessor(producer -> {
            created.add(producer);
            return producer;
        });
        return created;
    }
}
