package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.TimeoutException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bootstrap server that accepts connections and never answers: the default (idempotent) producer can get
 * neither metadata nor a producer id, yet every deadline still holds and close() ends.
 */
@Timeout(60)
class SilentBrokerTest {
    private ServerSocket silent;
    private final List<Socket> accepted = new ArrayList<>();
    private Thread acceptor;

    @BeforeEach
    void listen() throws IOException {
        silent = new ServerSocket(0);
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private SluiceProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:" + silent.getLocalPort());
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("max.block.ms", 1_000);
        config.put("request.timeout.ms", 500);
        config.put("linger.ms", 0);
        config.put("delivery.timeout.ms", 1_500);
        config.putAll(extra);
        return new SluiceProducer<>(config);
    }

    @Test
    void recordHeldForMetadataFailsAfterMaxBlockAndCloseReturns() throws Exception {
        SluiceProducer<String, String> producer = producer(Map.of());
        CompletableFuture<RecordMetadata> sent = producer.send(new ProducerRecord<>("orders", "v"));

        assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("max.block.ms");

        long start = System.nanoTime();
        producer.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void closeWithoutTimeoutEndsWithRecordsStillWaiting() {
        SluiceProducer<String, String> producer = producer(Map.of("max.block.ms", 3_000));
        CompletableFuture<RecordMetadata> sent = producer.send(new ProducerRecord<>("orders", "v"));

        long start = System.nanoTime();
        producer.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(sent).isCompletedExceptionally();
    }
}
