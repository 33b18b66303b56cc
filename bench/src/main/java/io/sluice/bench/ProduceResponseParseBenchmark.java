package io.sluice.bench;

import io.sluice.protocol.message.ProduceResponse;
import io.sluice.protocol.types.ByteReader;
import io.sluice.protocol.types.ByteWriter;
import io.sluice.protocol.types.Uuid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a Produce response body (v13, what both clients speak with a Kafka 4.3 broker): Sluice's
 * {@link ProduceResponse#read} against kafka-clients' {@code ProduceResponse.parse} (which reads a
 * {@code ProduceResponseData}) of the same bytes, in the same run.
 *
 * <p>The response is what a broker sends for a successful acks=all request to one topic with {@link #partitions}
 * partitions: per partition its index, no error, a base offset, no log-append time, the log start offset, no record
 * errors, no message and no leader hint. One operation is one response; {@code -prof gc} shows the bytes allocated
 * per response.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ProduceResponseParseBenchmark -bm avgt -tu ns -prof gc
 * </pre>
 *
 * <p>Before measuring, the set-up checks that kafka-clients reads back the base offsets Sluice wrote.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProduceResponseParseBenchmark {
    private static final short VERSION = 13;

    /** Partitions in the response: the quick comparison's topic, and the keyed one's. */
    @Param({"6", "100"})
    public int partitions;

    private ByteBuffer body;

    @Setup(Level.Trial)
    public void setUp() {
        List<ProduceResponse.PartitionResponse> results = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            results.add(new ProduceResponse.PartitionResponse(
                    p,
                    (short) 0,
                    1_000_000L * (p + 1),
                    -1L,
                    0L,
                    List.of(),
                    null,
                    ProduceResponse.LeaderIdAndEpoch.UNKNOWN));
        }
        ProduceResponse response = new ProduceResponse(
                List.of(new ProduceResponse.TopicResponse(
                        null, new Uuid(0x1234_5678_9abcL, 0x0fed_cba9_8765L), results)),
                0,
                List.of());
        ByteWriter w = new ByteWriter(64 + 40 * partitions);
        response.write(w, VERSION);
        body = ByteBuffer.wrap(w.toByteArray());
        check();
    }

    private void check() {
        ProduceResponseData theirs = kafkaClients().data();
        List<ProduceResponseData.PartitionProduceResponse> read =
                theirs.responses().iterator().next().partitionResponses();
        List<ProduceResponse.PartitionResponse> ours =
                sluice().responses().get(0).partitions();
        if (read.size() != partitions || ours.size() != partitions) {
            throw new IllegalStateException("read " + read.size() + " and " + ours.size() + " partitions");
        }
        for (int i = 0; i < partitions; i++) {
            if (read.get(i).baseOffset() != ours.get(i).baseOffset()) {
                throw new IllegalStateException("partition " + i + " base offsets differ");
            }
        }
    }

    /** Sluice: the body as the sender reads it, from a reader over the received frame. */
    @Benchmark
    public ProduceResponse sluice() {
        return ProduceResponse.read(new ByteReader(body), VERSION);
    }

    /** kafka-clients: the body as its network client parses it. */
    @Benchmark
    public org.apache.kafka.common.requests.ProduceResponse kafkaClients() {
        return org.apache.kafka.common.requests.ProduceResponse.parse(
                new ByteBufferAccessor(body.duplicate()), VERSION);
    }
}
