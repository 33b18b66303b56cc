package io.sluice.bench;

import io.sluice.producer.FrontHalfProducers;
import io.sluice.producer.Node;
import io.sluice.producer.ProducerRecord;
import io.sluice.producer.SluiceProducer;
import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.accumulate.ReadyCheck;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.metadata.MetadataView;
import io.sluice.producer.internal.send.ProducerIo;
import io.sluice.producer.serde.ByteArraySerializer;
import io.sluice.protocol.types.Uuid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@code SluiceProducer.send()} into the record accumulator, with the network replaced by a thread
 * that drains ready batches and acknowledges them at once, for 1, 2 and 4 sending threads.
 *
 * <p>What is measured: serialization (byte[] pass-through), partitioning (sticky keyless or murmur2 keyed),
 * appending to the partition's batch under its lock, buffer reuse from the pool, sealing on drain and the
 * completion of futures on the callback thread. Allocation per record comes from {@code -prof gc}
 * ({@code gc.alloc.rate.norm}, bytes per operation = per record).
 *
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar ProducerSendBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProducerSendBenchmark {
    private static final String TOPIC = "bench";

    /** Value size in bytes. */
    @Param({"100", "1000"})
    public int valueSize;

    /** Whether records carry a key (murmur2 partitioning) or not (uniform sticky). */
    @Param({"false", "true"})
    public boolean keyed;

    private SluiceProducer<byte[], byte[]> producer;
    private DrainingIo io;
    private byte[] value;
    private byte[][] keys;

    @Setup(Level.Trial)
    public void setUp() {
        value = new byte[valueSize];
        keys = new byte[1024][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ("key-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Map<String, Object> config = Map.of(
                "bootstrap.servers", "localhost:9092",
                "linger.ms", "5",
                "batch.size", "16384",
                "buffer.memory", String.valueOf(64L << 20),
                "max.block.ms", "60000");
        producer = FrontHalfProducers.create(
                config,
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                ctx -> io = new DrainingIo(ctx.accumulator()));
        io.publish(cluster(3, 12));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        producer.close(Duration.ofSeconds(30));
    }

    /** Per-thread state: a cursor over the keys so threads do not share a counter. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    private void sendOne(Cursor cursor) {
        byte[] key = keyed ? keys[(cursor.next++) & (keys.length - 1)] : null;
        producer.send(new ProducerRecord<>(TOPIC, key, value));
    }

    /** One sending thread. */
    @Benchmark
    @Threads(1)
    public void send1Thread(Cursor cursor) {
        sendOne(cursor);
    }

    /** Two sending threads sharing the producer. */
    @Benchmark
    @Threads(2)
    public void send2Threads(Cursor cursor) {
        sendOne(cursor);
    }

    /** Four sending threads sharing the producer. */
    @Benchmark
    @Threads(4)
    public void send4Threads(Cursor cursor) {
        sendOne(cursor);
    }

    private static Cluster cluster(int brokers, int partitions) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            nodes.add(new Node(i, "broker" + i, 9092, null));
        }
        List<Cluster.PartitionState> states = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int leader = p % brokers;
            states.add(new Cluster.PartitionState(p, leader, 0, new int[] {leader}, new int[] {leader}, new int[0]));
        }
        return new Cluster(
                "bench", nodes, List.of(new Cluster.TopicMetadata(TOPIC, new Uuid(1, 2), states)), Set.of(), Set.of());
    }

    /**
     * The network stand-in: a thread that drains whatever is sendable and acknowledges it at once, so the
     * accumulator's memory is recycled as it would be against a fast broker.
     */
    static final class DrainingIo implements ProducerIo, MetadataView {
        private final RecordAccumulator accumulator;
        private final Thread thread;
        private volatile Cluster cluster = Cluster.empty();
        private volatile boolean running = true;
        private volatile boolean closing;
        private long offset;

        DrainingIo(RecordAccumulator accumulator) {
            this.accumulator = accumulator;
            this.thread = new Thread(this::loop, "bench-draining-io");
            this.thread.setDaemon(true);
        }

        void publish(Cluster c) {
            cluster = c;
            accumulator.onMetadataUpdate(c, System.currentTimeMillis());
        }

        private void loop() {
            while (running) {
                long now = System.currentTimeMillis();
                ReadyCheck ready = accumulator.ready(cluster, now);
                Map<Integer, List<ProducerBatch>> drained =
                        accumulator.drain(cluster, ready.readyNodes(), 1 << 20, now);
                if (drained.isEmpty()) {
                    if (closing && !accumulator.hasUndrained()) {
                        running = false;
                        break;
                    }
                    LockSupport.parkNanos(Math.min(
                            TimeUnit.MILLISECONDS.toNanos(1),
                            TimeUnit.MILLISECONDS.toNanos(Math.max(0, ready.nextReadyCheckDelayMs()))));
                    continue;
                }
                for (List<ProducerBatch> batches : drained.values()) {
                    for (ProducerBatch b : batches) {
                        b.complete(offset, -1L);
                        offset += b.recordCount();
                        accumulator.deallocate(b);
                    }
                }
            }
        }

        @Override
        public MetadataView metadata() {
            return this;
        }

        @Override
        public Cluster current() {
            return cluster;
        }

        @Override
        public void requestTopic(String topic) {}

        @Override
        public void requestUpdate() {}

        @Override
        public void start() {
            thread.start();
        }

        @Override
        public void wakeup() {
            LockSupport.unpark(thread);
        }

        @Override
        public void initiateClose() {
            closing = true;
            wakeup();
        }

        @Override
        public void forceClose() {
            running = false;
            accumulator.abortIncompleteBatches(new IllegalStateException("benchmark closed"));
        }

        @Override
        public boolean awaitTermination(Duration timeout) throws InterruptedException {
            thread.join(Math.max(1, timeout.toMillis()));
            return !thread.isAlive();
        }
    }
}
