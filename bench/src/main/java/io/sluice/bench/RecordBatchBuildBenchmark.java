package io.sluice.bench;

import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.CompressionType;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Building record batches from 100-byte records, one record per operation: ops/s is records/s, and with
 * {@code -prof gc} the {@code gc.alloc.rate.norm} line is bytes allocated per record, including each
 * batch's seal (and compression) spread over its records.
 *
 * <p>Batches are 16 KiB, Kafka's default {@code batch.size}. Values are drawn from a pool of text-like
 * 100-byte strings so that compression has realistic (not degenerate) work to do. The kafka-clients
 * variant builds the same batches with {@code MemoryRecordsBuilder} for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordBatchBuildBenchmark {
    private static final int BATCH_SIZE = 16 * 1024;
    private static final int VALUE_SIZE = 100;
    private static final int POOL = 1024;
    private static final String[] WORDS = {
        "order",
        "id",
        "customer",
        "amount",
        "EUR",
        "USD",
        "status",
        "shipped",
        "pending",
        "warehouse",
        "berlin",
        "lisbon",
        "sku",
        "quantity",
        "price",
        "2026-11-24",
        "express",
        "standard",
        ":",
        ",",
        "{",
        "}"
    };

    /** Codec of the batches, by its {@code compression.type} name. */
    @Param({"none", "lz4"})
    public String compression;

    private final byte[][] values = new byte[POOL][];
    private final ByteBuffer buffer = ByteBuffer.allocate(BATCH_SIZE);
    private Compression codec;
    private org.apache.kafka.common.compress.Compression kafkaCodec;
    private RecordBatchBuilder builder;
    private MemoryRecordsBuilder kafkaBuilder;
    private int next;
    private long timestamp = 1_732_000_000_000L;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        for (int i = 0; i < POOL; i++) {
            StringBuilder text = new StringBuilder(VALUE_SIZE + 16);
            while (text.length() < VALUE_SIZE) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(1000));
            }
            values[i] = text.substring(0, VALUE_SIZE).getBytes(StandardCharsets.US_ASCII);
        }
        codec = Compression.of(CompressionType.forName(compression));
        kafkaCodec =
                org.apache.kafka.common.compress.Compression.of(compression).build();
        builder = newBuilder();
        kafkaBuilder = newKafkaBuilder();
    }

    private RecordBatchBuilder newBuilder() {
        buffer.clear();
        return new RecordBatchBuilder(buffer, codec, timestamp);
    }

    private MemoryRecordsBuilder newKafkaBuilder() {
        buffer.clear();
        return MemoryRecords.builder(buffer, kafkaCodec, TimestampType.CREATE_TIME, 0L);
    }

    /** Appends one record to our builder, sealing the batch and starting the next when it is full. */
    @Benchmark
    public int sluice(Blackhole bh) {
        byte[] value = values[next++ & (POOL - 1)];
        long now = timestamp++;
        if (!builder.hasRoomFor(now, null, value, null)) {
            bh.consume(builder.seal(1000L, (short) 0, 0, false));
            builder = newBuilder();
        }
        return builder.append(now, null, value, null);
    }

    /** The same with kafka-clients' {@code MemoryRecordsBuilder}. */
    @Benchmark
    public void kafkaClients(Blackhole bh) {
        byte[] value = values[next++ & (POOL - 1)];
        long now = timestamp++;
        if (!kafkaBuilder.hasRoomFor(now, (byte[]) null, value, Record.EMPTY_HEADERS)) {
            bh.consume(kafkaBuilder.build());
            kafkaBuilder = newKafkaBuilder();
        }
        kafkaBuilder.append(now, (byte[]) null, value, Record.EMPTY_HEADERS);
    }
}
