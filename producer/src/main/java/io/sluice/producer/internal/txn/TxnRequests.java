package io.sluice.producer.internal.txn;

import io.sluice.producer.OffsetAndMetadata;
import io.sluice.producer.TopicPartition;
import io.sluice.producer.internal.net.ResponseHandler;
import io.sluice.protocol.Errors;
import io.sluice.protocol.message.AddOffsetsToTxnRequest;
import io.sluice.protocol.message.AddOffsetsToTxnResponse;
import io.sluice.protocol.message.AddPartitionsToTxnRequest;
import io.sluice.protocol.message.AddPartitionsToTxnResponse;
import io.sluice.protocol.message.EndTxnRequest;
import io.sluice.protocol.message.EndTxnResponse;
import io.sluice.protocol.message.FindCoordinatorRequest;
import io.sluice.protocol.message.FindCoordinatorResponse;
import io.sluice.protocol.message.InitProducerIdRequest;
import io.sluice.protocol.message.InitProducerIdResponse;
import io.sluice.protocol.message.TxnOffsetCommitRequest;
import io.sluice.protocol.message.TxnOffsetCommitResponse;
import io.sluice.protocol.types.ByteReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds each coordinator request of a transaction and settles its answer. Every handler decodes the whole body
 * before acting on it. I/O thread only.
 */
final class TxnRequests {
    private static final byte TXN = FindCoordinatorRequest.TRANSACTION;
    private static final byte GROUP = FindCoordinatorRequest.GROUP;

    private final TxnDriver d;

    TxnRequests(TxnDriver driver) {
        this.d = driver;
    }

    /** A request to a coordinator; a lost connection forgets the coordinator and backs off. */
    abstract class Call implements ResponseHandler {
        final String what;
        int nodeId = -1;

        Call(String what) {
            this.what = what;
        }

        @Override
        public final void onResponse(ByteReader body, short version, long nowMs) {
            d.requestInFlight = false;
            handle(body, version, nowMs);
        }

        @Override
        public final void onFailure(IOException cause, long nowMs) {
            d.requestInFlight = false;
            unsent();
            d.coordinators.forgetNode(nodeId);
            d.backOff(nowMs);
        }

        abstract void handle(ByteReader body, short version, long nowMs);

        /** The request did not get an answer: undo what sending it reserved. */
        void unsent() {}
    }

    ResponseHandler findCoordinatorHandler(byte keyType, String key, int nodeId) {
        Call call = new Call("FindCoordinator") {
            @Override
            void handle(ByteReader body, short version, long nowMs) {
                FindCoordinatorResponse r = FindCoordinatorResponse.read(body, version);
                d.coordinatorFound(keyType, key, r.coordinators().get(0), nowMs);
            }
        };
        call.nodeId = nodeId;
        return call;
    }

    // ---------------------------------------------------------------- InitProducerId

    /** The first InitProducerId, or the epoch bump that ends an aborted transaction (naming the current id). */
    long initProducerId(long nowMs) {
        boolean bump = d.producerIds.hasProducerId();
        long pid = d.producerIds.producerId();
        short epoch = d.producerIds.epoch();
        return d.sendToCoordinator(
                TXN,
                d.transactionalId,
                () -> {
                    d.counters.initProducerId++;
                    return bump
                            ? new InitProducerIdRequest(d.transactionalId, d.transactionTimeoutMs, pid, epoch)
                            : InitProducerIdRequest.fresh(d.transactionalId, d.transactionTimeoutMs);
                },
                Short.MAX_VALUE,
                new Call("InitProducerId") {
                    @Override
                    void handle(ByteReader body, short version, long nowMs) {
                        InitProducerIdResponse r = InitProducerIdResponse.read(body, version);
                        Errors error = r.error();
                        if (error != Errors.NONE) {
                            d.settle(
                                    error,
                                    TxnErrors.classifyTxnCoordinator(error),
                                    TXN,
                                    d.transactionalId,
                                    what,
                                    nowMs);
                            return;
                        }
                        d.succeeded();
                        d.producerIds.adoptIdentity(r.producerId(), r.producerEpoch());
                        short level = d.network.finalizedFeatureLevel(nodeId, TxnDriver.TRANSACTION_VERSION);
                        if (level >= 0) {
                            d.manager.clusterTv2(level >= 2);
                        }
                        if (d.manager.state() == TxnState.INITIALIZING) {
                            d.manager.initialized();
                        } else {
                            d.bumped = true;
                        }
                    }
                },
                nowMs);
    }

    // ---------------------------------------------------------------- AddPartitionsToTxn (v1)

    long addPartitions(long nowMs) {
        return d.sendToCoordinator(
                TXN,
                d.transactionalId,
                () -> {
                    d.counters.addPartitions++;
                    List<AddPartitionsToTxnRequest.Topic> topics = new ArrayList<>();
                    for (Map.Entry<String, List<Integer>> e :
                            d.partitions.takeWanted().entrySet()) {
                        topics.add(new AddPartitionsToTxnRequest.Topic(e.getKey(), e.getValue()));
                    }
                    return new AddPartitionsToTxnRequest(
                            d.transactionalId, d.producerIds.producerId(), d.producerIds.epoch(), topics);
                },
                Short.MAX_VALUE,
                new Call("AddPartitionsToTxn") {
                    @Override
                    void handle(ByteReader body, short version, long nowMs) {
                        AddPartitionsToTxnResponse r = AddPartitionsToTxnResponse.read(body, version);
                        Errors error = firstError(r);
                        if (error == Errors.NONE) {
                            d.succeeded();
                            d.partitions.addSucceeded();
                            d.started = true;
                            return;
                        }
                        d.partitions.addFailed();
                        d.settle(error, TxnErrors.classifyTxnCoordinator(error), TXN, d.transactionalId, what, nowMs);
                    }

                    @Override
                    void unsent() {
                        d.partitions.addFailed();
                    }
                },
                nowMs);
    }

    /** The error that decides the answer: OPERATION_NOT_ATTEMPTED only stands in for another partition's error. */
    private static Errors firstError(AddPartitionsToTxnResponse r) {
        Errors notAttempted = Errors.NONE;
        for (AddPartitionsToTxnResponse.TopicResult t : r.results()) {
            for (AddPartitionsToTxnResponse.PartitionResult p : t.partitions()) {
                Errors e = Errors.forCode(p.errorCode());
                if (e == Errors.OPERATION_NOT_ATTEMPTED) {
                    notAttempted = e;
                } else if (e != Errors.NONE) {
                    return e;
                }
            }
        }
        return notAttempted;
    }

    // ---------------------------------------------------------------- offsets

    /** Transactions v1: tells the transaction coordinator the group's offsets are part of the transaction. */
    long addOffsets(PendingCall call, long nowMs) {
        return d.sendToCoordinator(
                TXN,
                d.transactionalId,
                () -> {
                    d.counters.addOffsets++;
                    return new AddOffsetsToTxnRequest(
                            d.transactionalId, d.producerIds.producerId(), d.producerIds.epoch(), call.group.groupId());
                },
                Short.MAX_VALUE,
                new Call("AddOffsetsToTxn") {
                    @Override
                    void handle(ByteReader body, short version, long nowMs) {
                        Errors error =
                                AddOffsetsToTxnResponse.read(body, version).error();
                        if (error == Errors.NONE) {
                            d.succeeded();
                            d.started = true;
                            d.offsetsAddedFor = call;
                            return;
                        }
                        d.settle(error, TxnErrors.classifyTxnCoordinator(error), TXN, d.transactionalId, what, nowMs);
                    }
                },
                nowMs);
    }

    /** Sends the offsets to the group coordinator; with v2 (TxnOffsetCommit v5) this also adds the group. */
    long commitOffsets(PendingCall call, long nowMs) {
        String groupId = call.group.groupId();
        return d.sendToCoordinator(
                GROUP,
                groupId,
                () -> {
                    d.counters.txnOffsetCommit++;
                    // With v2 the group joins the transaction on the broker's side, whatever the answer: end it.
                    d.started = true;
                    return offsetCommitRequest(call);
                },
                d.manager.txnTv2() ? Short.MAX_VALUE : TxnDriver.TXN_OFFSET_COMMIT_V1_MAX,
                new Call("TxnOffsetCommit") {
                    @Override
                    void handle(ByteReader body, short version, long nowMs) {
                        TxnOffsetCommitResponse r = TxnOffsetCommitResponse.read(body, version);
                        Errors error = Errors.NONE;
                        for (TxnOffsetCommitResponse.Topic t : r.topics()) {
                            for (TxnOffsetCommitResponse.Partition p : t.partitions()) {
                                if (p.error() != Errors.NONE && error == Errors.NONE) {
                                    error = p.error();
                                }
                            }
                        }
                        if (error == Errors.NONE) {
                            d.succeeded();
                            d.started = true;
                            d.manager.offsetsAdded();
                            return;
                        }
                        d.settle(error, TxnErrors.classifyOffsetCommit(error), GROUP, groupId, what, nowMs);
                    }
                },
                nowMs);
    }

    private TxnOffsetCommitRequest offsetCommitRequest(PendingCall call) {
        Map<String, List<TxnOffsetCommitRequest.Partition>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : call.offsets.entrySet()) {
            OffsetAndMetadata o = e.getValue();
            byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>())
                    .add(new TxnOffsetCommitRequest.Partition(
                            e.getKey().partition(), o.offset(), o.leaderEpoch().orElse(-1), o.metadata()));
        }
        List<TxnOffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new TxnOffsetCommitRequest.Topic(t, ps)));
        return new TxnOffsetCommitRequest(
                d.transactionalId,
                call.group.groupId(),
                d.producerIds.producerId(),
                d.producerIds.epoch(),
                call.group.generationId(),
                call.group.memberId(),
                call.group.groupInstanceId().orElse(null),
                topics);
    }

    // ---------------------------------------------------------------- EndTxn

    long endTxn(boolean commit, long nowMs) {
        return d.sendToCoordinator(
                TXN,
                d.transactionalId,
                () -> {
                    d.counters.endTxn++;
                    return new EndTxnRequest(
                            d.transactionalId, d.producerIds.producerId(), d.producerIds.epoch(), commit);
                },
                d.manager.txnTv2() ? Short.MAX_VALUE : TxnDriver.END_TXN_V1_MAX,
                new Call(commit ? "EndTxn(commit)" : "EndTxn(abort)") {
                    @Override
                    void handle(ByteReader body, short version, long nowMs) {
                        EndTxnResponse r = EndTxnResponse.read(body, version);
                        Errors error = r.error();
                        if (error != Errors.NONE) {
                            d.settle(
                                    error,
                                    TxnErrors.classifyTxnCoordinator(error),
                                    TXN,
                                    d.transactionalId,
                                    what,
                                    nowMs);
                            return;
                        }
                        d.succeeded();
                        if (version >= 5 && r.producerId() >= 0) {
                            // Transactions v2: the coordinator bumped the epoch (and maybe the id); use it from now on.
                            d.producerIds.adoptIdentity(r.producerId(), r.producerEpoch());
                            d.bumped = true;
                        }
                        if (commit) {
                            d.endOfTransaction();
                            d.manager.committed();
                        } else {
                            d.endTxnDone = true;
                        }
                    }
                },
                nowMs);
    }
}
