package io.sluice.producer.internal.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.RecordMetadata;
import io.sluice.producer.internal.ManualClock;
import io.sluice.producer.internal.accumulate.AccumulatorSettings;
import io.sluice.producer.internal.accumulate.BufferPool;
import io.sluice.producer.internal.accumulate.CompletionDispatcher;
import io.sluice.producer.internal.accumulate.OutgoingRecord;
import io.sluice.producer.internal.accumulate.PartitionChooser;
import io.sluice.producer.internal.accumulate.RecordAccumulator;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.metadata.MetadataManager;
import io.sluice.producer.internal.net.BrokerEndpoint;
import io.sluice.protocol.Errors;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;

/** Broker answers the sender tests script, written with kafka-clients' message classes, and their sends. */
final class ScriptedAnswers {
    private ScriptedAnswers() {}

    /** An accumulator of 16 KiB batches in 1 MiB, no linger, every record keyless, completing on the caller. */
    static RecordAccumulator accumulator(ManualClock clock, long retryBackoffMs, int deliveryTimeoutMs) {
        AccumulatorSettings settings = new AccumulatorSettings(
                16_384, 0, retryBackoffMs, retryBackoffMs, deliveryTimeoutMs, Compression.NONE, false, 0, null, false);
        return new RecordAccumulator(
                settings,
                new BufferPool(1 << 20, 16_384, clock),
                clock,
                CompletionDispatcher.direct(),
                (record, cluster) -> PartitionChooser.KEYLESS);
    }

    /** Metadata bootstrapped from one scripted broker, feeding {@code accumulator}. */
    static MetadataManager metadata(RecordAccumulator accumulator, ManualClock clock, long retryBackoffMs) {
        return new MetadataManager(
                List.of(new BrokerEndpoint(-1, "bootstrap", 9092)),
                new MetadataManager.Settings(300_000, 300_000, retryBackoffMs, 1000, true, 300_000),
                accumulator::onMetadataUpdate,
                clock::milliseconds);
    }

    /** Appends one unkeyed record with {@code value} to a partition, as {@code send()} would; its future. */
    static CompletableFuture<RecordMetadata> append(
            RecordAccumulator accumulator, Cluster cluster, String topic, int partition, String value, long nowMs) {
        OutgoingRecord future = new OutgoingRecord(
                topic, partition, nowMs, null, value.getBytes(StandardCharsets.UTF_8), new Header[0], null);
        accumulator.append(future, partition, cluster, 1000, nowMs);
        return future;
    }

    /** The exception a future failed with; fails the test if it did not fail. */
    static Throwable failureOf(CompletableFuture<RecordMetadata> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Brokers 1 and 2; {@code topic} has partition 0 led by broker 1 and partition 1 by broker 2. */
    static MetadataResponseData twoBrokerMetadata(String topic) {
        MetadataResponseData data = new MetadataResponseData().setClusterId("c").setControllerId(1);
        for (int id = 1; id <= 2; id++) {
            data.brokers()
                    .add(new MetadataResponseData.MetadataResponseBroker()
                            .setNodeId(id)
                            .setHost("b" + id)
                            .setPort(id));
        }
        MetadataResponseData.MetadataResponseTopic t =
                new MetadataResponseData.MetadataResponseTopic().setName(topic).setTopicId(Uuid.randomUuid());
        for (int p = 0; p < 2; p++) {
            t.partitions()
                    .add(new MetadataResponseData.MetadataResponsePartition()
                            .setPartitionIndex(p)
                            .setLeaderId(p + 1)
                            .setLeaderEpoch(1)
                            .setReplicaNodes(List.of(1, 2))
                            .setIsrNodes(List.of(1, 2)));
        }
        data.topics().add(t);
        return data;
    }

    /** A Produce answer for one partition of {@code topic}. */
    static ProduceResponseData produceResponse(String topic, int partition, Errors error, long baseOffset) {
        ProduceResponseData data = new ProduceResponseData();
        ProduceResponseData.TopicProduceResponse t = new ProduceResponseData.TopicProduceResponse().setName(topic);
        t.partitionResponses()
                .add(new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(partition)
                        .setErrorCode(error.code())
                        .setBaseOffset(baseOffset));
        data.responses().add(t);
        return data;
    }
}
