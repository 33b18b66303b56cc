package io.sluice.producer.internal.send;

import io.sluice.producer.errors.RecordTooLargeException;
import io.sluice.producer.errors.SluiceApiException;
import io.sluice.producer.internal.accumulate.ProducerBatch;
import io.sluice.producer.internal.idempotence.ProducerIdManager;
import io.sluice.producer.internal.metadata.Cluster;
import io.sluice.producer.internal.metrics.StageLatencies.Stage;
import io.sluice.producer.internal.net.RequestTimeoutException;
import io.sluice.producer.internal.net.ResponseHandler;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.ProduceResponse;
import io.sluice.protocol.types.ByteReader;
import java.io.IOException;
import java.util.List;

/**
 * The fate of one Produce request: decides for each of its batches what the broker's answer calls for, or retries
 * them all when the request itself failed, and has the sender carry it out through {@link BatchSettlement}.
 */
final class ProduceOutcome implements ResponseHandler {
    private final BatchSettlement sender;
    private final SenderMetrics metrics;
    private final int nodeId;
    private final List<ProducerBatch> batches;
    private final long sentMs;

    ProduceOutcome(
            BatchSettlement sender, SenderMetrics metrics, int nodeId, List<ProducerBatch> batches, long sentMs) {
        this.sender = sender;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.batches = batches;
        this.sentMs = sentMs;
    }

    @Override
    public void onResponse(ByteReader body, short version, long nowMs) {
        metrics.responseReceived(nowMs - sentMs);
        if (body == null) {
            // acks=0: the bytes are on the wire and that is all anyone will know; offsets stay unknown.
            for (ProducerBatch batch : batches) {
                sender.completed(batch, -1L, -1L);
            }
            return;
        }
        ProduceResponse response = ProduceResponse.read(body, version);
        metrics.kafka().produceResponse(nodeId, nowMs - sentMs, response.throttleTimeMs(), nowMs);
        for (ProducerBatch batch : batches) {
            ProduceResponse.PartitionResponse p = find(response, batch, sender.cluster());
            if (p == null) {
                sender.retryOrFail(
                        batch,
                        Errors.UNKNOWN_SERVER_ERROR,
                        new SluiceApiException(
                                "the broker's Produce response did not mention this partition",
                                batch.topic(),
                                batch.partition(),
                                "UNKNOWN_SERVER_ERROR"),
                        nowMs);
                continue;
            }
            settle(batch, p, nowMs);
        }
    }

    private void settle(ProducerBatch batch, ProduceResponse.PartitionResponse p, long nowMs) {
        Errors error = p.error();
        if (error == Errors.NONE) {
            acknowledged(batch, p, nowMs);
            return;
        }
        if (error == Errors.DUPLICATE_SEQUENCE_NUMBER && sender.idempotent()) {
            // The broker already holds this batch from an earlier attempt whose answer was lost.
            acknowledged(batch, p, nowMs);
            return;
        }
        // A code this client does not know (a newer broker, or a broken one) is shown with its number.
        String detail = p.errorMessage() != null
                ? p.errorMessage()
                : Errors.isKnown(p.errorCode()) ? error.description() : Errors.describe(p.errorCode());
        if (sender.idempotent() && settleIdempotenceError(batch, error, detail, nowMs)) {
            return;
        }
        if (error == Errors.MESSAGE_TOO_LARGE && batch.recordCount() > 1) {
            sender.split(batch, nowMs);
            return;
        }
        if (error == Errors.MESSAGE_TOO_LARGE) {
            sender.fail(batch, new RecordTooLargeException(detail, batch.topic(), batch.partition()), nowMs);
            return;
        }
        if (leaderMayHaveMoved(error)) {
            sender.leaderMoved(
                    batch, p.currentLeader().leaderId(), p.currentLeader().leaderEpoch(), nowMs);
        }
        RuntimeException failure = SluiceApiException.forError(
                error.name(), error.isRetriable(), batch.topic(), batch.partition(), detail);
        if (error.isRetriable()) {
            sender.retryOrFail(batch, error, failure, nowMs);
        } else {
            sender.fail(batch, failure, nowMs);
        }
    }

    private void acknowledged(ProducerBatch batch, ProduceResponse.PartitionResponse p, long nowMs) {
        // The wire stage of the attempt that landed: earlier attempts and their backoffs are in no stage.
        metrics.kafka()
                .stages()
                .record(
                        Stage.WIRE,
                        batch.topic(),
                        batch.partition(),
                        (nowMs - sentMs) * 1000,
                        batch.recordCount(),
                        nowMs);
        sender.completed(batch, p.baseOffset(), p.logAppendTimeMs());
    }

    /**
     * Sequence and identity errors of the idempotent producer: out of order and unknown producer go again once
     * their partition is repaired; fencing, a stale epoch and missing authorization end the producer.
     */
    private boolean settleIdempotenceError(ProducerBatch batch, Errors error, String detail, long nowMs) {
        RuntimeException failure =
                SluiceApiException.forError(error.name(), false, batch.topic(), batch.partition(), detail);
        if (error == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER) {
            sender.outOfOrder(batch, error, failure, nowMs);
            return true;
        }
        if (error == Errors.UNKNOWN_PRODUCER_ID) {
            sender.unknownProducer(batch, error, failure, nowMs);
            return true;
        }
        if (error == Errors.INVALID_PRODUCER_EPOCH && sender.staleEpochIsAbortable()) {
            // KIP-588: in a transaction a stale epoch means the coordinator already aborted it (a timeout); the
            // transaction is abortable and the abort bumps the epoch, the producer lives on.
            sender.fail(batch, failure, nowMs);
            return true;
        }
        if (ProducerIdManager.isFatalProduceError(error)) {
            sender.fatal(batch, failure, error.name(), nowMs);
            return true;
        }
        return false;
    }

    private static boolean leaderMayHaveMoved(Errors error) {
        return error == Errors.NOT_LEADER_OR_FOLLOWER
                || error == Errors.UNKNOWN_TOPIC_OR_PARTITION
                || error == Errors.LEADER_NOT_AVAILABLE
                || error == Errors.FENCED_LEADER_EPOCH
                || error == Errors.UNKNOWN_LEADER_EPOCH
                || error == Errors.NOT_CONTROLLER
                || error == Errors.KAFKA_STORAGE_ERROR;
    }

    @Override
    public void onFailure(IOException cause, long nowMs) {
        // The broker may or may not have written these batches; without idempotence a retry may duplicate.
        sender.requestFailed();
        String name = cause instanceof RequestTimeoutException ? "REQUEST_TIMED_OUT" : "NETWORK_EXCEPTION";
        Errors error = cause instanceof RequestTimeoutException ? Errors.REQUEST_TIMED_OUT : Errors.NETWORK_EXCEPTION;
        for (ProducerBatch batch : batches) {
            RuntimeException failure = SluiceApiException.forError(
                    name,
                    true,
                    batch.topic(),
                    batch.partition(),
                    "request to node " + nodeId + " failed: " + cause.getMessage());
            sender.retryOrFail(batch, error, failure, nowMs);
        }
    }

    /** The partition's answer in {@code response}, matched by topic name or, from Produce v13, topic id. */
    static ProduceResponse.PartitionResponse find(ProduceResponse response, ProducerBatch batch, Cluster cluster) {
        for (ProduceResponse.TopicResponse t : response.responses()) {
            boolean sameTopic = batch.topic().equals(t.name())
                    || (t.topicId() != null
                            && !t.topicId().isZero()
                            && t.topicId().equals(cluster.topicId(batch.topic())));
            if (!sameTopic) {
                continue;
            }
            for (ProduceResponse.PartitionResponse p : t.partitions()) {
                if (p.index() == batch.partition()) {
                    return p;
                }
            }
        }
        return null;
    }
}
