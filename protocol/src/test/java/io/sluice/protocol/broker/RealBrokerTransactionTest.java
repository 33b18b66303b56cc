package io.sluice.protocol.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Errors;
import io.sluice.protocol.message.AddOffsetsToTxnRequest;
import io.sluice.protocol.message.AddOffsetsToTxnResponse;
import io.sluice.protocol.message.AddPartitionsToTxnRequest;
import io.sluice.protocol.message.AddPartitionsToTxnResponse;
import io.sluice.protocol.message.ApiKey;
import io.sluice.protocol.message.EndTxnRequest;
import io.sluice.protocol.message.EndTxnResponse;
import io.sluice.protocol.message.FindCoordinatorRequest;
import io.sluice.protocol.message.FindCoordinatorResponse;
import io.sluice.protocol.message.InitProducerIdRequest;
import io.sluice.protocol.message.InitProducerIdResponse;
import io.sluice.protocol.message.ProduceRequest;
import io.sluice.protocol.message.ProduceResponse;
import io.sluice.protocol.message.TxnOffsetCommitRequest;
import io.sluice.protocol.message.TxnOffsetCommitResponse;
import io.sluice.protocol.record.Compression;
import io.sluice.protocol.record.RecordBatchBuilder;
import io.sluice.protocol.record.RecordHeader;
import io.sluice.protocol.types.Uuid;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.SharedKafka;
import io.sluice.testkit.StoredRecord;
import io.sluice.testkit.TopicReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One whole transaction spoken with our codecs at their latest versions, over a plain socket to a real
 * broker: FindCoordinator, InitProducerId, AddPartitionsToTxn, a transactional Produce, AddOffsetsToTxn,
 * TxnOffsetCommit and EndTxn. A read_committed consumer then sees the record and the group sees the offset.
 */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class RealBrokerTransactionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @Test
    void commitsATransactionWithRecordsAndOffsets(KafkaCluster kafka) throws Exception {
        String topic = KafkaCluster.uniqueTopicName("protocol-txn");
        String transactionalId = topic + "-tx";
        String group = topic + "-group";
        kafka.createTopic(topic, 1, 1);
        try (BlockingClient client = new BlockingClient(kafka.bootstrapServers())) {
            FindCoordinatorResponse.Coordinator coordinator = retry(
                    () -> call(
                                    client,
                                    FindCoordinatorRequest.transaction(transactionalId),
                                    FindCoordinatorResponse::read)
                            .coordinators()
                            .get(0),
                    FindCoordinatorResponse.Coordinator::error);
            assertThat(coordinator.key()).isEqualTo(transactionalId);
            assertThat(kafka.brokerIds()).contains(coordinator.nodeId());

            InitProducerIdResponse producer = retry(
                    () -> call(
                            client, InitProducerIdRequest.fresh(transactionalId, 60_000), InitProducerIdResponse::read),
                    InitProducerIdResponse::error);
            long pid = producer.producerId();
            short epoch = producer.producerEpoch();
            assertThat(pid).isNotNegative();

            AddPartitionsToTxnResponse added = call(
                    client,
                    new AddPartitionsToTxnRequest(
                            transactionalId,
                            pid,
                            epoch,
                            List.of(new AddPartitionsToTxnRequest.Topic(topic, List.of(0)))),
                    AddPartitionsToTxnResponse::read);
            assertThat(added.results().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());

            produceTransactionally(client, kafka, topic, transactionalId, pid, epoch);

            // asking for the group coordinator is what creates the offsets topic, as a consumer would
            FindCoordinatorResponse.Coordinator groupCoordinator = retry(
                    () -> call(client, FindCoordinatorRequest.group(group), FindCoordinatorResponse::read)
                            .coordinators()
                            .get(0),
                    FindCoordinatorResponse.Coordinator::error);
            assertThat(groupCoordinator.key()).isEqualTo(group);

            AddOffsetsToTxnResponse offsetsAdded = call(
                    client,
                    new AddOffsetsToTxnRequest(transactionalId, pid, epoch, group),
                    AddOffsetsToTxnResponse::read);
            assertThat(offsetsAdded.error()).isEqualTo(Errors.NONE);
            TxnOffsetCommitResponse committed = retry(
                    () -> call(
                            client,
                            new TxnOffsetCommitRequest(
                                    transactionalId,
                                    group,
                                    pid,
                                    epoch,
                                    -1,
                                    "",
                                    null,
                                    List.of(new TxnOffsetCommitRequest.Topic(
                                            topic, List.of(new TxnOffsetCommitRequest.Partition(0, 42L, -1, "meta"))))),
                            TxnOffsetCommitResponse::read),
                    r -> r.topics().get(0).partitions().get(0).error());
            assertThat(committed.topics().get(0).name()).isEqualTo(topic);

            EndTxnResponse ended = retry(
                    () -> call(client, new EndTxnRequest(transactionalId, pid, epoch, true), EndTxnResponse::read),
                    EndTxnResponse::error);
            if (ended.producerId() >= 0) {
                // transactions v2: the coordinator bumped the epoch and says which to use next
                assertThat(ended.producerEpoch()).isGreaterThan(epoch);
            }
        }

        List<StoredRecord> stored =
                TopicReader.readCommitted(kafka.bootstrapServers()).readAll(topic, 1, Duration.ofSeconds(30));
        assertThat(stored).extracting(StoredRecord::valueString).containsExactly("in-a-transaction");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            assertThat(offsets.get(new TopicPartition(topic, 0)).offset()).isEqualTo(42L);
            assertThat(offsets.get(new TopicPartition(topic, 0)).metadata()).isEqualTo("meta");
        }
    }

    private static void produceTransactionally(
            BlockingClient client, KafkaCluster kafka, String topic, String transactionalId, long pid, short epoch)
            throws IOException {
        RecordBatchBuilder builder = new RecordBatchBuilder(ByteBuffer.allocate(1024), Compression.NONE, 0L);
        builder.append(
                System.currentTimeMillis(),
                null,
                "in-a-transaction".getBytes(StandardCharsets.UTF_8),
                new RecordHeader[0]);
        ByteBuffer batch = builder.seal(pid, epoch, 0, true);
        short v = ApiKey.PRODUCE.latestVersion();
        Uuid topicId = topicId(client, topic);
        ProduceResponse response = ProduceResponse.read(
                client.send(
                        new ProduceRequest(
                                transactionalId,
                                (short) -1,
                                30_000,
                                List.of(new ProduceRequest.TopicData(
                                        topic, topicId, List.of(new ProduceRequest.PartitionData(0, batch))))),
                        v),
                v);
        ProduceResponse.PartitionResponse p =
                response.responses().get(0).partitions().get(0);
        assertThat(p.error()).as(p.errorMessage()).isEqualTo(Errors.NONE);
    }

    private static Uuid topicId(BlockingClient client, String topic) throws IOException {
        short v = ApiKey.METADATA.latestVersion();
        return io.sluice.protocol.message.MetadataResponse.read(
                        client.send(io.sluice.protocol.message.MetadataRequest.forTopics(List.of(topic)), v), v)
                .topics()
                .get(0)
                .topicId();
    }

    /** Sends at the latest version this library and the 4.4.0 broker share: ours. */
    private static <T> T call(BlockingClient client, io.sluice.protocol.message.Request request, Decoder<T> decoder) {
        short v = request.apiKey().latestVersion();
        try {
            return decoder.read(client.send(request, v), v);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A response decoder. */
    @FunctionalInterface
    private interface Decoder<T> {
        T read(io.sluice.protocol.types.ByteReader r, short version);
    }

    /** Repeats {@code call} while it answers with a retriable error (a coordinator still loading), up to a deadline. */
    private static <T> T retry(Supplier<T> call, java.util.function.Function<T, Errors> errorOf) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            T response = call.get();
            Errors error = errorOf.apply(response);
            if (error == Errors.NONE) {
                return response;
            }
            if (!error.isRetriable() || System.nanoTime() > deadline) {
                throw new AssertionError("gave up on " + error + ": " + response);
            }
            // a short pause between polls, so a coordinator that is still loading is not flooded
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(20).toNanos());
        }
    }
}
