package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.producer.errors.ProducerClosedException;
import io.sluice.producer.errors.RecordTooLargeException;
import io.sluice.producer.errors.SerializationException;
import io.sluice.producer.errors.TimeoutException;
import io.sluice.producer.errors.UnknownTopicOrPartitionException;
import io.sluice.producer.internal.ManualClock;
import io.sluice.producer.internal.StubProducerIo;
import io.sluice.producer.internal.TestClusters;
import io.sluice.producer.serde.Serializer;
import io.sluice.producer.serde.StringSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SluiceProducerTest {
    private static final String T = "orders";
    private final ManualClock clock = new ManualClock();
    private final StubProducerIo[] io = new StubProducerIo[1];
    private final List<SluiceProducer<?, ?>> producers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        producers.forEach(p -> p.close(Duration.ZERO));
    }

    private SluiceProducer<String, String> producer(Object... overrides) {
        return producer(new StringSerializer(), overrides);
    }

    private SluiceProducer<String, String> producer(Serializer<String> keySerializer, Object... overrides) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("bootstrap.servers", "localhost:9092");
        cfg.put("linger.ms", "1000");
        for (int i = 0; i < overrides.length; i += 2) {
            cfg.put((String) overrides[i], overrides[i + 1]);
        }
        SluiceProducer<String, String> p = new SluiceProducer<>(
                cfg, keySerializer, new StringSerializer(), StubProducerIo.factory(clock, io), clock);
        producers.add(p);
        return p;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void keyedRecordsLandOnTheSamePartitionAsWithKafkaClients() {
        SluiceProducer<String, String> p = producer();
        io[0].publish(TestClusters.of(3, T, 7));
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(p.send(new ProducerRecord<>(T, "key-" + i, "v")));
        }
        p.flush();
        for (int i = 0; i < 200; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(futures.get(i).join().partition()).isEqualTo(BuiltInPartitioner.partitionForKey(key, 7));
        }
    }

    @Test
    void callbacksAndFuturesOfAPartitionCompleteInSendOrder() {
        SluiceProducer<String, String> p = producer("batch.size", "200");
        io[0].publish(TestClusters.of(1, T, 2));
        List<Integer> callbackOrder = new CopyOnWriteArrayList<>();
        List<Integer> futureOrder = new CopyOnWriteArrayList<>();
        List<Long> offsets = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            p.send(new ProducerRecord<>(T, 1, "k", "value-" + i), (md, e) -> {
                        callbackOrder.add(n);
                        offsets.add(md.offset());
                    })
                    .whenComplete((md, e) -> futureOrder.add(n));
        }
        p.flush();
        await(() -> callbackOrder.size() == 500 && futureOrder.size() == 500);
        List<Integer> expected = new ArrayList<>();
        List<Long> expectedOffsets = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add(i);
            expectedOffsets.add((long) i);
        }
        assertThat(callbackOrder).isEqualTo(expected);
        assertThat(futureOrder).isEqualTo(expected);
        assertThat(offsets).isEqualTo(expectedOffsets);
        assertThat(io[0].sent.size()).isGreaterThan(10); // many batches, still in order
    }

    @Test
    void slowAndThrowingCallbacksDoNotStallOrBreakTheProducer() throws Exception {
        SluiceProducer<String, String> p = producer("linger.ms", "0");
        io[0].autoSend = false;
        io[0].publish(TestClusters.of(1, T, 1));
        CountDownLatch release = new CountDownLatch(1);
        p.send(new ProducerRecord<>(T, "slow"), (md, e) -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        io[0].runOnce(); // completes the batch; the callback blocks on the callback thread, not here
        p.send(new ProducerRecord<>(T, "boom"), (md, e) -> {
            throw new IllegalStateException("callback bug");
        });
        CompletableFuture<RecordMetadata> third = p.send(new ProducerRecord<>(T, "after"));
        io[0].runOnce();
        assertThat(io[0].sent).hasSize(2);
        assertThat(third).isNotDone(); // its callback queue is behind the slow callback
        release.countDown();
        assertThat(third.get(10, TimeUnit.SECONDS).offset()).isEqualTo(2);
    }

    @Test
    void aThrowingSerializerFailsOnlyThatSend() {
        Serializer<String> picky = (topic, data) -> {
            if ("bad".equals(data)) {
                throw new IllegalArgumentException("cannot encode bad");
            }
            return data.getBytes(StandardCharsets.UTF_8);
        };
        SluiceProducer<String, String> p = producer(picky);
        io[0].publish(TestClusters.of(1, T, 1));
        List<Exception> errors = new CopyOnWriteArrayList<>();
        CompletableFuture<RecordMetadata> bad = p.send(new ProducerRecord<>(T, "bad", "v"), (md, e) -> errors.add(e));
        CompletableFuture<RecordMetadata> good = p.send(new ProducerRecord<>(T, "good", "v"));
        p.flush();
        assertThatThrownBy(bad::join)
                .hasCauseInstanceOf(SerializationException.class)
                .hasRootCauseMessage("cannot encode bad")
                .hasMessageContaining("key.serializer");
        await(() -> errors.size() == 1);
        assertThat(errors.get(0)).isInstanceOf(SerializationException.class);
        assertThat(good.join().offset()).isZero();
    }

    @Test
    void recordsTooLargeFailAtOnce() {
        SluiceProducer<String, String> p = producer("max.request.size", "1000", "buffer.memory", "100000");
        io[0].publish(TestClusters.of(1, T, 1));
        assertThatThrownBy(p.send(new ProducerRecord<>(T, "x".repeat(2000)))::join)
                .hasCauseInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("max.request.size")
                .hasMessageContaining("topic=orders")
                .hasMessageContaining("MESSAGE_TOO_LARGE");
        SluiceProducer<String, String> small = producer("buffer.memory", "5000", "batch.size", "1000");
        assertThatThrownBy(small.send(new ProducerRecord<>(T, "x".repeat(6000)))::join)
                .hasCauseInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("buffer.memory");
    }

    @Test
    void anExplicitPartitionBeyondTheTopicFails() {
        SluiceProducer<String, String> p = producer();
        io[0].publish(TestClusters.of(1, T, 3));
        assertThatThrownBy(p.send(new ProducerRecord<>(T, 3, "k", "v"))::join)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessageContaining("Invalid partition given with record: 3 is not in the range [0...3)");
    }

    @Test
    void sendDoesNotBlockOnUnknownMetadataAndRecordsGoOutWhenItArrives() {
        SluiceProducer<String, String> p = producer("max.block.ms", "60000");
        CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>(T, "k", "v"));
        assertThat(f).isNotDone();
        assertThat(io[0].requestedTopics).contains(T);
        io[0].publish(TestClusters.of(1, T, 4));
        p.flush();
        assertThat(f.join().partition()).isEqualTo(BuiltInPartitioner.partitionForKey("k".getBytes(), 4));
    }

    @Test
    void partitionsForWaitsForMetadataAndTimesOut() {
        SluiceProducer<String, String> p = producer("max.block.ms", "0");
        assertThatThrownBy(() -> p.partitionsFor(T))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Topic orders not present in metadata after 0 ms");
        io[0].publish(TestClusters.of(2, T, 3));
        List<PartitionInfo> infos = p.partitionsFor(T);
        assertThat(infos).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);
        assertThat(infos.get(1).leader().id()).isEqualTo(1);
    }

    @Test
    void closeSendsWhatIsBufferedAndRefusesLaterSends() {
        SluiceProducer<String, String> p = producer();
        io[0].publish(TestClusters.of(1, T, 1));
        CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>(T, "v"));
        p.close();
        assertThat(f.join().offset()).isZero();
        assertThat(io[0].closing()).isTrue();
        assertThatThrownBy(() -> p.send(new ProducerRecord<>(T, "late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWithZeroTimeoutFailsWhatIsLeft() {
        SluiceProducer<String, String> p = producer();
        io[0].autoSend = false;
        io[0].publish(TestClusters.of(1, T, 1));
        CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>(T, "v"));
        CompletableFuture<RecordMetadata> held = p.send(new ProducerRecord<>("unknown-topic", "v"));
        p.close(Duration.ZERO);
        assertThatThrownBy(f::join).hasCauseInstanceOf(ProducerClosedException.class);
        assertThatThrownBy(held::join).hasCauseInstanceOf(ProducerClosedException.class);
    }

    @Test
    void flushFromACallbackIsRefused() {
        SluiceProducer<String, String> p = producer();
        io[0].publish(TestClusters.of(1, T, 1));
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        p.send(new ProducerRecord<>(T, "v"), (md, e) -> {
            try {
                p.flush();
                seen.complete(null);
            } catch (RuntimeException ex) {
                seen.complete(ex);
            }
        });
        p.flush();
        assertThat(seen.join()).isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock");
    }

    /** Upper-cases values on send and counts acknowledgements. */
    public static final class UpperCaseInterceptor implements ProducerInterceptor<String, String> {
        static final List<String> ACKS = new CopyOnWriteArrayList<>();

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> r) {
            return new ProducerRecord<>(
                    r.topic(), r.partition(), r.key(), r.value().toUpperCase());
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            ACKS.add(metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset());
        }
    }

    @Test
    void interceptorsSeeRecordsBeforeSerializationAndAcknowledgementsBeforeCallbacks() {
        UpperCaseInterceptor.ACKS.clear();
        List<String> values = new CopyOnWriteArrayList<>();
        Serializer<String> recordingKey = new StringSerializer();
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("bootstrap.servers", "localhost:9092");
        cfg.put("interceptor.classes", UpperCaseInterceptor.class.getName());
        Serializer<String> valueSerializer = (topic, data) -> {
            values.add(data);
            return data.getBytes(StandardCharsets.UTF_8);
        };
        SluiceProducer<String, String> p =
                new SluiceProducer<>(cfg, recordingKey, valueSerializer, StubProducerIo.factory(clock, io), clock);
        producers.add(p);
        io[0].publish(TestClusters.of(1, T, 1));
        List<Integer> ackCountAtCallback = new CopyOnWriteArrayList<>();
        p.send(
                new ProducerRecord<>(T, 0, "k", "hello"),
                (md, e) -> ackCountAtCallback.add(UpperCaseInterceptor.ACKS.size()));
        p.flush();
        assertThat(values).containsExactly("HELLO");
        assertThat(UpperCaseInterceptor.ACKS).containsExactly("orders-0@0");
        assertThat(ackCountAtCallback).containsExactly(1);
    }

    @Test
    void roundRobinPartitionerByItsKafkaNameAndIgnoredKeys() {
        SluiceProducer<String, String> rr =
                producer("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner");
        io[0].publish(TestClusters.of(1, T, 3));
        List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fs.add(rr.send(new ProducerRecord<>(T, "same-key", "v")));
        }
        rr.flush();
        assertThat(fs).extracting(f -> f.join().partition()).containsExactly(0, 1, 2, 0, 1, 2);

        SluiceProducer<String, String> ignoring = producer("partitioner.ignore.keys", "true", "batch.size", "100");
        io[0].publish(TestClusters.of(1, T, 3));
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 300; i++) {
            seen.add(ignoring.send(new ProducerRecord<>(T, "same-key", "v".repeat(50)))
                    .thenApply(RecordMetadata::partition)
                    .getNow(-1));
        }
        ignoring.flush();
        assertThat(io[0].sent.stream().map(b -> b.partition()).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    void metricsIncludeBufferAndNetworkFigures() {
        SluiceProducer<String, String> p = producer("buffer.memory", "1000000");
        io[0].publish(TestClusters.of(1, T, 1));
        p.send(new ProducerRecord<>(T, "v"));
        Map<String, Number> m = p.metrics();
        assertThat(m.get("buffer-total-bytes")).isEqualTo(1000000L);
        assertThat(m.get("batch-created-total")).isEqualTo(1L);
        assertThat(m.get("records-awaiting-metadata")).isEqualTo(0);
        assertThat(m).containsKey("request-total");
    }
}
