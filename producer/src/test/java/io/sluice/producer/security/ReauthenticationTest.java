package io.sluice.producer.security;

import static io.sluice.producer.security.SecureProduceTest.trustP12;
import static io.sluice.producer.security.SecureProduceTest.userJaas;
import static io.sluice.producer.security.SecureProduceTest.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.TopicReader;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Brokers that limit SASL sessions (KIP-368, here 2 s) close a connection used after its session ended; the
 * producer re-authenticates on the same connection before that, so records keep flowing over one connection.
 */
@ExtendWith(WithSecureKafka.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReauthenticationTest {
    /** Three sessions' worth of sending. */
    private static final Duration SENDING = Duration.ofSeconds(7);

    @AfterAll
    static void noSecretWasLoggedOrShownInAnyError(SecureKafka s) {
        SecurityTestSupport.assertNoSecretSeen(s);
    }

    @Test
    void reauthenticatesScramOverPlaintextBeforeTheSessionEnds(SecureKafka s) throws Exception {
        sendsThroughSeveralSessions(
                s,
                "SASL_PLAINTEXT",
                Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "SCRAM-SHA-256",
                        "sasl.jaas.config",
                                userJaas(
                                        "org.apache.kafka.common.security.scram.ScramLoginModule",
                                        "bob",
                                        SecureKafka.SCRAM_256_PASSWORD)));
    }

    @Test
    void reauthenticatesPlainOverTlsBeforeTheSessionEnds(SecureKafka s) throws Exception {
        sendsThroughSeveralSessions(
                s,
                "SASL_SSL",
                with(
                        trustP12(s),
                        "security.protocol",
                        "SASL_SSL",
                        "sasl.mechanism",
                        "PLAIN",
                        "sasl.jaas.config",
                        userJaas(
                                "org.apache.kafka.common.security.plain.PlainLoginModule",
                                "alice",
                                SecureKafka.PLAIN_PASSWORD)));
    }

    private static void sendsThroughSeveralSessions(SecureKafka s, String listener, Map<String, Object> security)
            throws Exception {
        String topic = KafkaCluster.uniqueTopicName("reauth");
        s.kafka.createTopic(topic, 1, 1);
        String bootstrap = s.bootstrap(listener);
        int logStart = SecurityTestSupport.LOG.text().length();
        int sent = 0;
        Map<String, Number> metrics;
        try (SluiceProducer<String, String> producer =
                new SluiceProducer<>(SecurityTestSupport.config(bootstrap, security))) {
            long end = System.nanoTime() + SENDING.toNanos();
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + sent)).get(30, TimeUnit.SECONDS);
                sent++;
            }
            metrics = producer.metrics();
        }
        String log = SecurityTestSupport.LOG.text().substring(logStart);
        assertThat(TopicReader.readUncommitted(s.kafka.bootstrapServers())
                        .readAll(topic, sent, SecurityTestSupport.WAIT))
                .hasSize(sent);
        assertThat(count(log, "re-authenticated to " + bootstrap)).as(log).isGreaterThanOrEqualTo(2);
        assertThat(log).doesNotContain("connection to " + bootstrap);
        assertThat(metrics.get("successful-authentication-total").longValue()).isPositive();
        assertThat(metrics.get("successful-reauthentication-total").longValue())
                .as("the re-authentications the log shows")
                .isGreaterThanOrEqualTo(2);
        assertThat(metrics.get("reauthentication-latency-max").doubleValue()).isPositive();
        assertThat(metrics.get("failed-reauthentication-total").longValue()).isZero();
        assertThat(metrics.get("failed-authentication-total").longValue()).isZero();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
